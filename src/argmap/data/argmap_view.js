/* argmap HTML view.  Reads the JSON payload from #argmap-data and builds
 * the page with DOM calls only (textContent, createElement): essay text is
 * never parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var body = document.body;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  document.title = "argmap: " + data.title;
  document.getElementById("title").textContent = data.title;

  // Legend.
  var legend = document.getElementById("legend");
  data.legend.nodes.forEach(function (item) {
    var span = el("span");
    var sw = el("span", "sw");
    sw.style.background = item.colour;
    span.appendChild(sw);
    span.appendChild(document.createTextNode(item.label));
    legend.appendChild(span);
  });
  data.legend.edges.forEach(function (item) {
    var span = el("span");
    var ln = el("span", item.dashed ? "ln dash" : "ln");
    ln.style.borderTopColor = item.colour;
    span.appendChild(ln);
    span.appendChild(document.createTextNode(item.label));
    legend.appendChild(span);
  });

  // Essay with units highlighted and mentions underlined.
  var essay = document.getElementById("essay");
  var text = data.text;
  var cuts = [0, text.length];
  data.units.forEach(function (u) { cuts.push(u.start, u.end); });
  data.mentions.forEach(function (m) { cuts.push(m.start, m.end); });
  cuts = cuts.filter(function (c) { return c >= 0 && c <= text.length; })
    .sort(function (a, b) { return a - b; })
    .filter(function (c, i, all) { return i === 0 || c !== all[i - 1]; });
  var marks = {};
  var current = null;
  for (var i = 0; i + 1 < cuts.length; i++) {
    var a = cuts[i], b = cuts[i + 1];
    var unit = null, mention = null;
    data.units.forEach(function (u) { if (u.start <= a && b <= u.end) unit = u; });
    data.mentions.forEach(function (m) { if (m.start <= a && b <= m.end) mention = m; });
    var piece = document.createTextNode(text.slice(a, b));
    var holder = essay;
    if (unit) {
      if (!current || current.unit !== unit) {
        var mark = el("mark", "role-" + unit.role);
        mark.dataset.id = unit.id;
        mark.title = unit.role + " [" + unit.start + ":" + unit.end + "]";
        mark.appendChild(el("span", "tag", unit.tag));
        essay.appendChild(mark);
        current = { unit: unit, node: mark };
        (marks[unit.id] = marks[unit.id] || []).push(mark);
      }
      holder = current.node;
    } else {
      current = null;
    }
    if (mention) {
      var ms = el("span", "mention");
      ms.title = mention.target;
      ms.appendChild(piece);
      holder.appendChild(ms);
    } else {
      holder.appendChild(piece);
    }
  }

  // Info panel, filled with textContent only.
  var info = document.getElementById("info");
  function show(title, rows, longText) {
    info.textContent = "";
    info.appendChild(el("div", "k", title));
    if (longText) info.appendChild(el("div", "t", longText));
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === "") return;
      var line = el("div");
      line.appendChild(el("span", "k", r[0] + " "));
      line.appendChild(document.createTextNode(String(r[1])));
      info.appendChild(line);
    });
  }
  function showNode(d) {
    var offsets = d.start >= 0 ? "[" + d.start + ":" + d.end + "]" : "";
    show(d.kind + (d.role ? " · " + d.role : ""), [
      ["id", d.id], ["offsets", offsets], ["confidence", d.confidence],
      ["entity kind", d.entity_kind], ["country", d.country], ["mentions", d.mention_count]
    ], d.text || d.label);
  }
  function showEdge(d) {
    var offsets = d.start >= 0 ? "[" + d.start + ":" + d.end + "]" : "";
    show(d.kind + (d.polarity ? " · " + d.polarity : ""), [
      ["from", d.source], ["to", d.target], ["offsets", offsets], ["score", d.score],
      ["marker", d.marker], ["cue", d.cue], ["negated", d.negated], ["level", d.level],
      ["confidence", d.confidence]
    ], d.text);
  }
  function activate(id, scroll) {
    Object.keys(marks).forEach(function (k) {
      marks[k].forEach(function (m) { m.classList.toggle("active", k === id); });
    });
    if (scroll && marks[id]) marks[id][0].scrollIntoView({ block: "center" });
  }

  var status = { nodes: 0, edges: 0 };
  if (typeof cytoscape !== "function") {
    body.setAttribute("data-argmap-error", "cytoscape missing");
    return;
  }
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: data.elements,
    style: data.style,
    layout: { name: "preset", fit: true, padding: 30 },
    wheelSensitivity: 0.3
  });
  window.argmapCy = cy;
  cy.on("mouseover tap", "node", function (evt) {
    var d = evt.target.data();
    showNode(d);
    activate(d.id, evt.type === "tap");
  });
  cy.on("mouseover tap", "edge", function (evt) { showEdge(evt.target.data()); });
  Object.keys(marks).forEach(function (id) {
    marks[id].forEach(function (m) {
      m.addEventListener("mouseenter", function () {
        var n = cy.getElementById(id);
        if (n.nonempty()) { showNode(n.data()); cy.elements().unselect(); n.select(); }
        activate(id, false);
      });
    });
  });

  // Edge-kind toggles.
  var toggles = document.getElementById("toggles");
  data.edge_kinds.forEach(function (kind) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = data.hidden_kinds.indexOf(kind) < 0;
    box.addEventListener("change", function () {
      cy.edges().filter(function (e) { return e.data("kind") === kind; })
        .style("display", box.checked ? "element" : "none");
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + kind));
    toggles.appendChild(label);
    if (!box.checked) {
      cy.edges().filter(function (e) { return e.data("kind") === kind; }).style("display", "none");
    }
  });

  // Start with the major claim shown, as if hovered.
  var major = cy.nodes().filter(function (n) { return n.data("role") === "major_claim"; });
  if (major.nonempty()) {
    major.select();
    showNode(major.data());
    activate(major.id(), true);
  }

  // Markers read by the browser test: how many nodes are drawn inside the view.
  var ext = cy.extent();
  var inside = cy.nodes().filter(function (n) {
    var p = n.position();
    return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
  });
  status.nodes = cy.nodes().length;
  status.edges = cy.edges().length;
  body.setAttribute("data-argmap-nodes", String(status.nodes));
  body.setAttribute("data-argmap-edges", String(status.edges));
  body.setAttribute("data-argmap-visible-nodes", String(inside.length));
  body.setAttribute("data-argmap-marks", String(document.querySelectorAll("#essay mark").length));
  body.setAttribute("data-argmap-pwned", String(!!window.__pwned));
  body.setAttribute("data-argmap-ready", "1");
})();
