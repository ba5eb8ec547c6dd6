/* argmap article view.  Reads the JSON payload from #argmap-data and builds
 * the page with DOM calls only (textContent, createElement): essay text is
 * never parsed as HTML.  The argument is laid out top down by dagre (major
 * claim at the top); entities and concepts sit in rows under it.
 * Offsets in data.units and data.mentions are UTF-16 code units (converted
 * in Python), so text.slice() cuts at the right place after any emoji. */
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

  // Legend: swatches for nodes, line samples (style + colour) for edges.
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
    var ln = el("span", "ln " + (item.line || "solid"));
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
        mark.title = unit.role;
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
      ms.dataset.target = mention.target;
      ms.title = mention.target;
      ms.appendChild(piece);
      holder.appendChild(ms);
    } else {
      holder.appendChild(piece);
    }
  }

  // Author stances by target, for the evidence shown with entities.
  var authorStance = {};
  data.elements.edges.forEach(function (e) {
    var d = e.data;
    if (d.kind === "stance" && d.level === "article") authorStance[d.target] = d;
  });
  var unitText = {};
  data.elements.nodes.forEach(function (n) {
    if (n.data.kind === "unit") unitText[n.data.id] = n.data;
  });
  function evidenceOf(d) {
    var ids = String(d.evidence || "").split("|").filter(function (x) { return x && unitText[x]; });
    return ids.length ? unitText[ids[0]] : null;
  }

  // Info panel, filled with textContent only.
  var info = document.getElementById("info");
  function show(title, rows, longText, evidence) {
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
    if (evidence) {
      var ev = el("div", "evidence");
      ev.appendChild(el("span", "k", "strongest evidence · " + evidence.tag + " "));
      ev.appendChild(el("q", null, evidence.text));
      info.appendChild(ev);
    }
  }
  function stanceRows(d) {
    var s = authorStance[d.id];
    if (!s) return [];
    return [["author stance", s.polarity + " (" + Number(s.score).toFixed(2) + "; " +
             s.n_pro + " pro, " + s.n_con + " con, " + s.n_neutral + " neutral)"]];
  }
  function showNode(d) {
    var offsets = d.start >= 0 ? "[" + d.start + ":" + d.end + "]" : "";
    var s = authorStance[d.id];
    var ev = s ? evidenceOf(s) : null;
    show(d.kind + (d.role ? " · " + d.role : ""), stanceRows(d).concat([
      ["id", d.ref || d.id], ["offsets", offsets], ["confidence", d.confidence],
      ["entity kind", d.entity_kind], ["country", d.country], ["mentions", d.mention_count]
    ]), d.text || d.label, ev);
    return ev;
  }
  function showEdge(d) {
    var offsets = d.start >= 0 ? "[" + d.start + ":" + d.end + "]" : "";
    var ev = d.level === "article" ? evidenceOf(d) : null;
    show(d.kind + (d.polarity ? " · " + d.polarity : ""), [
      ["from", d.source], ["to", d.target], ["offsets", offsets], ["score", d.score],
      ["marker", d.marker], ["cue", d.cue], ["negated", d.negated], ["level", d.level],
      ["confidence", d.confidence]
    ], d.text, ev);
    return ev;
  }
  function activate(id, scroll) {
    Object.keys(marks).forEach(function (k) {
      marks[k].forEach(function (m) { m.classList.toggle("active", k === id); });
    });
    if (scroll && marks[id]) marks[id][0].scrollIntoView({ block: "center" });
  }

  if (typeof cytoscape !== "function") {
    body.setAttribute("data-argmap-error", "cytoscape missing");
    return;
  }
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: data.elements,
    style: data.style,
    layout: { name: "preset" },
    wheelSensitivity: 0.3
  });
  window.argmapCy = cy;

  // Layout: the unit tree by dagre.  Relations point from the supporting or
  // attacking unit to its target, so bottom-to-top ranks put the major claim
  // (the sink) on top and premises below the claims they back.
  var units = cy.nodes('[kind = "unit"]');
  var relations = cy.edges('[kind = "supports"], [kind = "attacks"]').filter(function (e) {
    return e.source().data("kind") === "unit" && e.target().data("kind") === "unit";
  });
  // Compact leaves: four or more units that back one parent and have no
  // backers of their own are stacked two abreast under it (dagre lays out a
  // stand-in box of their size), instead of widening the tree by one column
  // each.  Their edges run along the gap between the two columns.
  var BOX_W = 190, BOX_H = 66, GAP_X = 40, GAP_Y = 20;
  var inRel = {}, outRel = {};
  relations.forEach(function (e) {
    (inRel[e.target().id()] = inRel[e.target().id()] || []).push(e);
    (outRel[e.source().id()] = outRel[e.source().id()] || []).push(e);
  });
  var stacks = [];
  var stacked = cy.collection();
  units.forEach(function (p) {
    var leaves = (inRel[p.id()] || []).map(function (e) { return e.source(); })
      .filter(function (k) {
        return !inRel[k.id()] && (outRel[k.id()] || []).length === 1 && k.id() !== p.id();
      });
    if (leaves.length < 4) return;
    leaves.sort(function (x, y) { return (x.data("start") || 0) - (y.data("start") || 0); });
    stacks.push({ parent: p, leaves: leaves });
    leaves.forEach(function (l) { stacked = stacked.union(l); });
  });
  var standIns = cy.collection();
  stacks.forEach(function (st, k) {
    st.rows = Math.ceil(st.leaves.length / 2);
    st.box = cy.add({ group: "nodes", data: { id: "argmap-stack-" + k, kind: "stack" } });
    st.box.style({ width: 2 * BOX_W + GAP_X, height: st.rows * (BOX_H + GAP_Y) - GAP_Y,
                   opacity: 0, label: "" });
    var link = cy.add({ group: "edges", data: { id: "argmap-stack-edge-" + k,
                                                 source: st.box.id(), target: st.parent.id() } });
    standIns = standIns.union(st.box).union(link);
  });
  var layoutName = "none";
  if (units.nonempty()) {
    var tree = units.difference(stacked)
      .union(relations.difference(stacked.connectedEdges())).union(standIns);
    try {
      tree.layout({ name: "dagre", rankDir: "BT", nodeSep: 24, rankSep: 70, edgeSep: 10,
                    fit: false, animate: false }).run();
      layoutName = "dagre";
    } catch (err) {
      tree.layout({ name: "breadthfirst", directed: true, fit: false, animate: false,
                    roots: units.filter(function (n) { return n.data("role") === "major_claim"; })
                  }).run();
      layoutName = "breadthfirst";
    }
  }
  stacks.forEach(function (st) {
    var c = st.box.position();
    var top = c.y - (st.rows * (BOX_H + GAP_Y) - GAP_Y) / 2 + BOX_H / 2;
    st.leaves.forEach(function (leaf, i) {
      var side = i % 2 === 0 ? -1 : 1;
      leaf.position({ x: c.x + side * (BOX_W + GAP_X) / 2,
                      y: top + Math.floor(i / 2) * (BOX_H + GAP_Y) });
      leaf.connectedEdges().filter(function (e) { return e.source().id() === leaf.id() &&
        e.target().id() === st.parent.id(); }).addClass("stacked");
    });
  });
  cy.remove(standIns);
  var bb = units.nonempty() ? units.boundingBox() : { x1: 0, x2: 600, y1: 0, y2: 0, w: 600 };
  var centre = (bb.x1 + bb.x2) / 2;
  function row(nodes, y, step) {
    var n = nodes.length;
    nodes.forEach(function (node, k) {
      node.position({ x: centre + (k - (n - 1) / 2) * step, y: y });
    });
  }
  var articleNodes = cy.nodes('[kind = "article"]').toArray();
  row(articleNodes, bb.y2 + 90, 260);
  var targets = cy.nodes('[kind = "entity"], [kind = "concept"]').toArray()
    .sort(function (p, q) {
      return (q.data("mention_count") || 0) - (p.data("mention_count") || 0) ||
        (p.id() < q.id() ? -1 : 1);
    });
  var perRow = Math.max(4, Math.floor(Math.max(bb.w, 600) / 150));
  for (var r = 0; r * perRow < targets.length; r++) {
    row(targets.slice(r * perRow, (r + 1) * perRow), bb.y2 + 200 + r * 90, 150);
  }
  var others = cy.nodes().filter(function (n) {
    var k = n.data("kind");
    return k !== "unit" && k !== "article" && k !== "entity" && k !== "concept";
  }).toArray();
  row(others, bb.y1 - 120, 150);

  // Toggles: edge groups and the (collapsible) entity and concept nodes.
  var toggles = document.getElementById("toggles");
  var groups = [
    ["entities & concepts", 'node[kind = "entity"], node[kind = "concept"]', true],
    ["supports", 'edge[kind = "supports"]', true],
    ["attacks", 'edge[kind = "attacks"]', true],
    ["author stances", 'edge[kind = "stance"][level = "article"]', true],
    ["unit stances", 'edge[kind = "stance"][level = "unit"]', false]
  ];
  data.edge_kinds.forEach(function (kind) {
    if (["supports", "attacks", "stance"].indexOf(kind) < 0) {
      var selector = 'edge[kind = "' + kind + '"]';
      // Countries reached only through located_in (never mentioned) go with it.
      if (kind === "located_in") selector += ', node[kind = "entity"][mention_count = 0]';
      groups.push([kind, selector, data.hidden_kinds.indexOf(kind) < 0]);
    }
  });
  groups.forEach(function (g) {
    var members = cy.elements(g[1]);
    if (members.empty()) return;
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = g[2];
    box.dataset.group = g[0];
    box.addEventListener("change", function () { members.toggleClass("hidden", !box.checked); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + g[0]));
    toggles.appendChild(label);
    members.toggleClass("hidden", !g[2]);
  });

  // Hover or click: details in the panel; the unit (or the evidence of an
  // author stance) is highlighted in the essay.
  cy.on("mouseover tap", "node", function (evt) {
    var d = evt.target.data();
    var ev = showNode(d);
    activate(d.kind === "unit" ? d.id : (ev ? ev.id : null), evt.type === "tap");
  });
  cy.on("mouseover tap", "edge", function (evt) {
    var d = evt.target.data();
    var ev = showEdge(d);
    activate(ev ? ev.id : d.source, evt.type === "tap");
  });
  Object.keys(marks).forEach(function (id) {
    marks[id].forEach(function (m) {
      m.addEventListener("mouseenter", function () {
        var n = cy.getElementById(id);
        if (n.nonempty()) { showNode(n.data()); cy.elements().unselect(); n.select(); }
        activate(id, false);
      });
    });
  });

  // Open readable: fit the tree, but never below the zoom that keeps unit
  // labels at 12 px on screen; then show the top of the tree (major claim).
  var minZoom = 12 / data.label_px;
  // The major claim is the most confident unit with that role (the first on a
  // tie), as Article.major_claim; the others are its restatements.
  var major = cy.collection(), majorConf = -Infinity;
  cy.nodes().forEach(function (n) {
    if (n.data("role") !== "major_claim") return;
    var c = n.data("confidence");
    c = typeof c === "number" ? c : 1.0;  // 1.0 is left out of the page data
    if (c > majorConf) { major = n; majorConf = c; }
  });
  function readable() {
    cy.fit(cy.elements().not(".hidden"), 30);
    if (cy.zoom() > 1.4) cy.zoom({ level: 1.4, renderedPosition: { x: cy.width() / 2, y: 30 } });
    if (cy.zoom() < minZoom) {
      var top = major.nonempty() ? major.first() : units;
      var anchor = top.nonempty() ? top.boundingBox() : bb;
      cy.zoom(minZoom);
      cy.pan({ x: cy.width() / 2 - ((anchor.x1 + anchor.x2) / 2) * minZoom,
               y: 24 - anchor.y1 * minZoom });
    }
  }
  readable();
  var fit = el("button", null, "fit all");
  fit.type = "button";
  fit.addEventListener("click", function () { cy.fit(cy.elements().not(".hidden"), 20); });
  var read = el("button", null, "readable");
  read.type = "button";
  read.addEventListener("click", readable);
  toggles.appendChild(fit);
  toggles.appendChild(read);

  // Start with the major claim shown, as if hovered.
  if (major.nonempty()) {
    major.select();
    showNode(major.data());
    activate(major.id(), false);
  }

  // Markers read by the browser test.
  var ext = cy.extent();
  function inside(n) {
    var p = n.position();
    return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
  }
  var upward = relations.filter(function (e) {
    return e.source().position("y") <= e.target().position("y");
  });
  body.setAttribute("data-argmap-layout", layoutName);
  body.setAttribute("data-argmap-stacked", String(stacked.length));
  body.setAttribute("data-argmap-evidence", Object.keys(authorStance).filter(function (t) {
    return evidenceOf(authorStance[t]) !== null;
  }).map(function (t) { return t + "=" + evidenceOf(authorStance[t]).tag; }).sort().join(" "));
  body.setAttribute("data-argmap-nodes", String(cy.nodes().length));
  body.setAttribute("data-argmap-edges", String(cy.edges().length));
  body.setAttribute("data-argmap-visible-nodes", String(cy.nodes().filter(inside).length));
  body.setAttribute("data-argmap-major-visible", String(major.nonempty() && inside(major.first())));
  body.setAttribute("data-argmap-label-px", String(Math.round(data.label_px * cy.zoom() * 100) / 100));
  body.setAttribute("data-argmap-upward-relations", String(upward.length));
  body.setAttribute("data-argmap-marks", String(document.querySelectorAll("#essay mark").length));
  body.setAttribute("data-argmap-mark-text", Object.keys(marks).map(function (k) {
    return marks[k].map(function (m) { return m.textContent.slice(m.firstChild.textContent.length); }).join("");
  }).join("\u241e"));
  body.setAttribute("data-argmap-pwned", String(!!window.__pwned));
  body.setAttribute("data-argmap-ready", "1");
})();
