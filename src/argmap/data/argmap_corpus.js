/* argmap corpus view.  Reads the JSON payload from #argmap-data and renders
 * payload.sections in order (matrix, network, evidence, and any generic
 * "table" section) with DOM calls only: no text is ever parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var body = document.body;
  var SYMBOL = { pro: "+", con: "\u2212", mixed: "\u00b1", neutral: "\u25cb" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function short(text, n) {
    text = String(text || "");
    return text.length > n ? text.slice(0, n - 1) + "\u2026" : text;
  }

  document.title = "argmap: " + data.title;
  document.getElementById("title").textContent = data.title;
  var nav = document.getElementById("nav");
  var main = document.getElementById("sections");
  var cellsAt = {};
  data.cells.forEach(function (c) { cellsAt[c.article + ":" + c.target] = c; });
  var status = { cells: 0, edges: 0, rows: 0, splits: 0 };

  function legend() {
    var box = el("div", "legend");
    ["pro", "con", "mixed", "neutral"].forEach(function (p) {
      var item = el("span");
      var sw = el("span", "sw " + p, SYMBOL[p]);
      sw.style.background = data.colours[p];
      item.appendChild(sw);
      item.appendChild(document.createTextNode(p));
      box.appendChild(item);
    });
    return box;
  }

  function renderMatrix(section) {
    section.appendChild(el("p", "note", "Author stance per article (rows) and target (columns). " +
      "Click a column to sort the articles by it; click a cell for its evidence."));
    section.appendChild(legend());
    var wrap = el("div", "scroll");
    var table = el("table", "matrix");
    var head = el("tr");
    var corner = el("th", "corner sortable", "article \u2195");
    head.appendChild(corner);
    data.targets.forEach(function (t, j) {
      var th = el("th", "col sortable");
      th.title = t.id + " \u2014 " + t.n_polar + " of " + data.articles.length +
        " articles pro/con/mixed";
      th.appendChild(el("span", null, short(t.label, 28)));
      th.dataset.col = String(j);
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el("tbody");
    var rows = data.articles.map(function (a, i) {
      var tr = el("tr");
      tr.dataset.article = String(i);
      var th = el("th", "row");
      th.appendChild(el("span", "t", short(a.title, 60)));
      if (a.date) th.appendChild(el("span", "d", a.date));
      th.title = a.title + (a.major_claim ? "\nMajor claim: " + a.major_claim : "");
      tr.appendChild(th);
      data.targets.forEach(function (t, j) {
        var c = cellsAt[i + ":" + j];
        var td = el("td");
        if (c) {
          td.className = "cell " + c.polarity;
          td.style.background = data.colours[c.polarity] || "#eee";
          td.title = a.title + " \u2192 " + t.label + ": " + c.polarity + " (" +
            c.score.toFixed(2) + "; " + c.n_pro + " pro, " + c.n_con + " con, " +
            c.n_neutral + " neutral)";
          if (c.evidence >= 0) {
            var link = el("a", null, SYMBOL[c.polarity] || "?");
            link.href = "#ev-" + c.evidence;
            td.appendChild(link);
          } else {
            td.textContent = SYMBOL[c.polarity] || "?";
          }
          status.cells += 1;
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
      return tr;
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    section.appendChild(wrap);
    if (data.targets_folded > 0) {
      section.appendChild(el("p", "note", "+ " + data.targets_folded +
        " more targets with one neutral stance each (see stances.csv)."));
    }
    // Sorting: by a target's score (most pro first, again for most con first),
    // or by title (then date).
    var order = { key: null, dir: 1 };
    function sortBy(key) {
      order.dir = order.key === key ? -order.dir : 1;
      order.key = key;
      var sorted = rows.slice().sort(function (p, q) {
        var i = Number(p.dataset.article), k = Number(q.dataset.article);
        if (key === "title") {
          var ta = data.articles[i].title, tb = data.articles[k].title;
          return order.dir * (ta < tb ? -1 : ta > tb ? 1 : i - k);
        }
        var ci = cellsAt[i + ":" + key], ck = cellsAt[k + ":" + key];
        var si = ci ? ci.score : -Infinity, sk = ck ? ck.score : -Infinity;
        if (si === sk) return i - k;
        if (!ci) return 1;
        if (!ck) return -1;
        return order.dir * (sk - si);
      });
      sorted.forEach(function (tr) { tbody.appendChild(tr); });
      body.setAttribute("data-argmap-order", sorted.map(function (tr) {
        return tr.dataset.article;
      }).join(","));
    }
    // A link can carry the order: corpus.html#sort=3 (by column 3, most pro
    // first), #sort=3- (most con first), #sort=title.
    var wanted = /^#sort=(title|\d+)(-?)$/.exec(window.location.hash);
    if (wanted && (wanted[1] === "title" || Number(wanted[1]) < data.targets.length)) {
      sortBy(wanted[1]);
      if (wanted[2]) sortBy(wanted[1]);
    }
    corner.addEventListener("click", function () { sortBy("title"); });
    head.querySelectorAll("th.col").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th.dataset.col); });
    });
  }

  function renderNetwork(section) {
    section.appendChild(el("p", "note", "Articles joined by the targets they take polar stances " +
      "on, thicker for more shared targets; articles that agree are pulled together. " +
      "Hover an edge for the targets."));
    var key = el("div", "legend lines");
    [["agree", "solid", "pro", "mostly agree"], ["disagree", "dashed", "con", "mostly disagree"],
     ["tie", "dotted", "mixed", "as much of both"]].forEach(function (k) {
      var item = el("span");
      var ln = el("span", "ln " + k[1]);
      ln.style.borderTopColor = data.colours[k[2]];
      item.appendChild(ln);
      item.appendChild(document.createTextNode(k[1] + ": " + k[3]));
      key.appendChild(item);
    });
    section.appendChild(key);
    var box = el("div", "network");
    box.id = "network-graph";
    section.appendChild(box);
    var detail = el("div", "detail", "\u00a0");
    section.appendChild(detail);
    if (typeof cytoscape !== "function") {
      body.setAttribute("data-argmap-error", "cytoscape missing");
      return;
    }
    var elements = data.network.nodes.map(function (n) {
      return { data: { id: n.id, label: short(n.label, 48), article: n.article },
               position: { x: n.x, y: n.y } };
    }).concat(data.network.edges.map(function (e, k) {
      var tone = e.net > 0 ? "agree" : e.net < 0 ? "disagree" : "tie";
      return { data: { id: "n" + k, source: e.source, target: e.target, tone: tone,
                       width: 2 + 2 * Math.sqrt(e.agree + e.disagree),
                       label: "+" + e.agree + " / \u2212" + e.disagree,
                       agree_on: e.agree_on.join(", "), disagree_on: e.disagree_on.join(", ") } };
    }));
    var cy = cytoscape({
      container: box,
      elements: elements,
      layout: { name: "preset", fit: true, padding: 40 },
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 13, "text-wrap": "wrap", "text-max-width": 170,
          "text-valign": "bottom", "text-margin-y": 4, "width": 30, "height": 30,
          "background-color": "#6c757d", "border-width": 1, "border-color": "#333",
          "color": "#111", "text-background-color": "#fff", "text-background-opacity": 0.8,
          "text-background-padding": 2 } },
        { selector: "edge", style: {
          "width": "data(width)", "curve-style": "bezier", "label": "data(label)",
          "font-size": 12, "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.9,
          "text-background-padding": 2, "line-color": "#999" } },
        { selector: 'edge[tone = "agree"]', style: {
          "line-color": data.colours.pro, "line-style": "solid" } },
        { selector: 'edge[tone = "disagree"]', style: {
          "line-color": data.colours.con, "line-style": "dashed" } },
        { selector: 'edge[tone = "tie"]', style: {
          "line-color": data.colours.mixed, "line-style": "dotted" } },
        { selector: ":selected", style: { "border-width": 4, "border-color": "#ffbf00" } }
      ],
      wheelSensitivity: 0.3
    });
    window.argmapCy = cy;
    cy.on("mouseover tap", "edge", function (evt) {
      var d = evt.target.data();
      detail.textContent = cy.getElementById(d.source).data("label") + " \u2194 " +
        cy.getElementById(d.target).data("label") + ": agree on " + (d.agree_on || "nothing") +
        "; disagree on " + (d.disagree_on || "nothing") + ".";
    });
    cy.on("mouseover tap", "node", function (evt) {
      var a = data.articles[evt.target.data("article")];
      detail.textContent = a.title + (a.major_claim ? " \u2014 " + a.major_claim : "");
    });
    if (data.network.edges_folded > 0) {
      section.appendChild(el("p", "note", "+ " + data.network.edges_folded +
        " weaker pairs not drawn (see agreements.csv)."));
    }
    status.edges = cy.edges().length;
    body.setAttribute("data-argmap-network-nodes", String(cy.nodes().length));
  }

  function renderEvidence(section) {
    var byArticle = {};
    data.evidence.forEach(function (e, k) { (byArticle[e.article] = byArticle[e.article] || []).push(k); });
    data.articles.forEach(function (a, i) {
      if (!byArticle[i]) return;
      section.appendChild(el("h3", null, a.title));
      var list = el("ul", "evidence");
      byArticle[i].forEach(function (k) {
        var e = data.evidence[k];
        var li = el("li");
        li.id = "ev-" + k;
        var t = data.targets[e.target];
        var c = cellsAt[i + ":" + e.target];
        var tag = el("span", "sw " + (c ? c.polarity : ""), c ? SYMBOL[c.polarity] : "");
        if (c) tag.style.background = data.colours[c.polarity];
        li.appendChild(tag);
        li.appendChild(el("b", null, t.label + ": "));
        li.appendChild(el("q", null, e.text));
        list.appendChild(li);
      });
      section.appendChild(list);
    });
  }

  // A generic table cell: text, an in-page link, a collapsed list or a
  // pro/con bar (see TABLE_CELLS in export/_corpus.py). Text only, never HTML.
  function cell(v) {
    if (v === null || typeof v !== "object") return document.createTextNode(String(v === undefined ? "" : v));
    if (typeof v.href === "string" && v.href.charAt(0) === "#") {
      var a = el("a", null, v.text);
      a.href = v.href;
      return a;
    }
    if (Array.isArray(v.items)) {
      var box = el("details");
      box.appendChild(el("summary", null, v.summary));
      var list = el("ul", "items");
      v.items.forEach(function (x) {
        var li = el("li");
        li.appendChild(cell(x));
        list.appendChild(li);
      });
      box.appendChild(list);
      return box;
    }
    if (Array.isArray(v.split)) {
      var bar = el("span", "split");
      var total = 0;
      v.split.forEach(function (p) { total += Math.max(0, Number(p.n) || 0); });
      v.split.forEach(function (p) {
        var n = Math.max(0, Number(p.n) || 0);
        if (!n) return;
        var seg = el("span", "seg " + p.label, (SYMBOL[p.label] || "") + n);
        seg.style.background = data.colours[p.label] || "#888";
        seg.style.flexGrow = String(n);
        seg.title = n + " " + p.label;
        bar.appendChild(seg);
        status.splits += 1;
      });
      var wrap = el("span", "splitbox");
      wrap.appendChild(bar);
      wrap.appendChild(el("span", "splittext", v.split.map(function (p) {
        return (Number(p.n) || 0) + " " + p.label;
      }).join(" / ")));
      if (!total) bar.style.display = "none";
      return wrap;
    }
    return document.createTextNode(String(v.text === undefined ? "" : v.text));
  }

  function renderTable(section, s) {
    if (s.note) section.appendChild(el("p", "note", s.note));
    var table = el("table", "generic");
    var head = el("tr");
    (s.columns || []).forEach(function (c) { head.appendChild(el("th", null, c)); });
    table.appendChild(head);
    (s.rows || []).forEach(function (r, i) {
      var tr = el("tr");
      if (s.row_ids && s.row_ids[i]) tr.id = s.id + "-" + s.row_ids[i];
      r.forEach(function (v) {
        var td = el("td");
        td.appendChild(cell(v));
        tr.appendChild(td);
      });
      table.appendChild(tr);
      status.rows += 1;
    });
    section.appendChild(table);
  }

  var renderers = { matrix: renderMatrix, network: renderNetwork, evidence: renderEvidence,
                    table: renderTable };
  data.sections.forEach(function (s) {
    var render = renderers[s.kind];
    if (!render) return;
    var section = el("section", "kind-" + s.kind);
    section.id = "section-" + s.id;
    section.appendChild(el("h2", null, s.title));
    main.appendChild(section);
    var link = el("a", null, s.title);
    link.href = "#section-" + s.id;
    nav.appendChild(link);
    render(section, s);
  });

  body.setAttribute("data-argmap-sections", data.sections.map(function (s) { return s.id; }).join(","));
  body.setAttribute("data-argmap-cells", String(status.cells));
  body.setAttribute("data-argmap-network-edges", String(status.edges));
  body.setAttribute("data-argmap-table-rows", String(status.rows));
  body.setAttribute("data-argmap-splits", String(status.splits));
  body.setAttribute("data-argmap-pwned", String(!!window.__pwned));
  body.setAttribute("data-argmap-ready", "1");
})();
