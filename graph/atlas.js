// The atlas page's behaviour. Everything from the data is put into the page with textContent or as canvas labels,
// never as HTML. A large atlas is drawn in parts: the record view a page of shares at a time, the table a page of
// rows at a time, panels a few shares at a time; quotes are parsed when a panel first shows one.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("atlas-data").textContent);
  var quotes = null;
  var C = {};
  data.columns.forEach(function (name, i) { C[name] = i; });
  var RECORDS_PER_PAGE = 200, ROWS_PER_PAGE = 100, SHARES_PER_PANEL = 25;
  // Nodes arrive as rows [label, kind, x, y, name, record] with their look given once per kind; edges as rows
  // [from, to, records].
  data.nodes = data.nodes.map(function (row, id) {
    var style = data.styles[row[1]];
    return { id: id, label: row[0], kind: row[1], x: row[2], y: row[3], name: row[4] === null ? undefined : row[4],
      record: row[5] === null ? undefined : row[5], color: style.color, shape: style.shape };
  });
  var KIND_COLOURS = {};
  Object.keys(data.styles).forEach(function (kind) { KIND_COLOURS[kind] = data.styles[kind].color; });

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function name(i) { return data.names[i][1]; }
  function names(list) { return list.map(name).join("; "); }
  function counts(list) { return list.join("; "); }
  function share(i) { return data.shares[i]; }
  function quote(i) {
    if (quotes === null) quotes = JSON.parse(document.getElementById("atlas-quotes").textContent);
    return quotes[i];
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url) ? url : ""; }
  function volume(s) { return s[C.returned].length ? Math.max.apply(null, s[C.returned]) : 0; }
  function hasGap(s) {
    var gaps = s[C.gaps];
    return gaps["legal basis"] === "missing" || gaps.agreement === "missing";
  }

  // --- filters ------------------------------------------------------------------------------------------------------
  var controls = {
    recipient: document.getElementById("recipient"), purpose: document.getElementById("purpose"),
    basis: document.getElementById("basis"), since: document.getElementById("since"),
    until: document.getElementById("until"), search: document.getElementById("search")
  };
  function fill(select, values, label) {
    values.sort(function (a, b) { return label(a).localeCompare(label(b)); }).forEach(function (value) {
      var option = el("option", label(value)); option.value = String(value); select.appendChild(option);
    });
  }
  function used(column) {
    var seen = {};
    data.shares.forEach(function (s) { s[column].forEach(function (i) { seen[i] = true; }); });
    return Object.keys(seen).map(Number);
  }
  fill(controls.recipient, used(C.recipients), name);
  fill(controls.purpose, used(C.purposes), name);
  fill(controls.basis, used(C.legal_bases), name);
  var years = {};
  data.shares.forEach(function (s) {
    var span = s[C.years]; if (span) for (var y = span[0]; y <= span[1]; y++) years[y] = true;
  });
  var yearList = Object.keys(years).map(Number).sort();
  fill(controls.since, yearList.slice(), String);
  fill(controls.until, yearList.slice(), String);

  function searchable(s) {
    return [s[C.label], names(s[C.providers]), names(s[C.recipients]), names(s[C.datasets]), names(s[C.items]),
      names(s[C.purposes]), names(s[C.legal_bases]), names(s[C.agreements]), s[C.references].join(" "),
      s[C.dates]].join(" ").toLowerCase();
  }
  var searchText = null;
  function visibleShares() {
    var recipient = controls.recipient.value, purpose = controls.purpose.value, basis = controls.basis.value;
    var since = controls.since.value ? Number(controls.since.value) : null;
    var until = controls.until.value ? Number(controls.until.value) : null;
    var words = controls.search.value.trim().toLowerCase();
    if (words && searchText === null) searchText = data.shares.map(searchable);
    var keep = new Uint8Array(data.shares.length);
    data.shares.forEach(function (s, i) {
      if (recipient && s[C.recipients].indexOf(Number(recipient)) < 0) return;
      if (purpose && s[C.purposes].indexOf(Number(purpose)) < 0) return;
      if (basis && s[C.legal_bases].indexOf(Number(basis)) < 0) return;
      if (since !== null || until !== null) {
        var span = s[C.years];
        if (!span || (since !== null && span[1] < since) || (until !== null && span[0] > until)) return;
      }
      if (words && searchText[i].indexOf(words) < 0) return;
      keep[i] = 1;
    });
    return keep;
  }

  // --- the network --------------------------------------------------------------------------------------------------
  var nodeSet = new vis.DataSet([]), edgeSet = new vis.DataSet([]);
  var network = new vis.Network(document.getElementById("network"), { nodes: nodeSet, edges: edgeSet }, {
    physics: false, layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, multiselect: false },
    nodes: { font: { size: 14, face: "system-ui" }, borderWidth: 1 },
    edges: { smooth: false, color: { color: "#8a94a3", highlight: "#d4502b", hover: "#d4502b" },
             arrows: { to: { enabled: true, scaleFactor: 0.6 } } }
  });
  var edgesOfShare = null;  // record view: share index -> edge indices
  var recordPage = 0;
  var keep = visibleShares();

  function drawnEdges() {
    if (data.view !== "record") return data.edges.map(function (_, i) { return i; });
    if (edgesOfShare === null) {
      edgesOfShare = {};
      data.edges.forEach(function (edge, i) {
        edge[2].forEach(function (r) { (edgesOfShare[r] = edgesOfShare[r] || []).push(i); });
      });
    }
    var shown = [];
    data.shares.forEach(function (_, i) { if (keep[i]) shown.push(i); });
    var pages = Math.max(1, Math.ceil(shown.length / RECORDS_PER_PAGE));
    recordPage = Math.min(recordPage, pages - 1);
    var pageShares = shown.slice(recordPage * RECORDS_PER_PAGE, (recordPage + 1) * RECORDS_PER_PAGE);
    pager(document.getElementById("pager"), recordPage, pages, shown.length, "shares drawn", function (page) {
      recordPage = page; redraw();
    });
    var edges = [];
    pageShares.forEach(function (r) { (edgesOfShare[r] || []).forEach(function (e) { edges.push(e); }); });
    return edges;
  }

  function redraw() {
    var nodes = {}, edges = [], heaviest = 1;
    drawnEdges().forEach(function (i) {
      var edge = data.edges[i], records = edge[2].filter(function (r) { return keep[r]; });
      if (!records.length) return;
      var returned = 0, gap = false;
      records.forEach(function (r) { returned += volume(share(r)); gap = gap || hasGap(share(r)); });
      heaviest = Math.max(heaviest, returned);
      nodes[edge[0]] = (nodes[edge[0]] || 0) + returned;
      nodes[edge[1]] = (nodes[edge[1]] || 0) + returned;
      edges.push({ id: i, from: edge[0], to: edge[1], returned: returned, dashes: gap,
        title: records.length + " share(s), " + returned + " individuals returned" +
          (gap ? "\nsome without a stated legal basis or agreement" : "") });
    });
    var largest = 1;
    Object.keys(nodes).forEach(function (n) { largest = Math.max(largest, nodes[n]); });
    edges.forEach(function (e) { e.width = 1 + 11 * Math.sqrt(e.returned / heaviest); });
    var drawn = Object.keys(nodes).map(function (n) {
      var node = data.nodes[Number(n)];
      return { id: node.id, label: node.label, shape: node.shape, color: node.color, x: node.x, y: node.y,
        size: 10 + 30 * Math.sqrt(nodes[n] / largest), title: node.label + " (" + node.kind + ")" };
    });
    nodeSet.clear(); edgeSet.clear();
    nodeSet.add(drawn); edgeSet.add(edges);
    network.fit({ animation: false });
    summary();
    table(true);
    timeline();
  }

  function summary() {
    var count = 0, returned = 0;
    data.shares.forEach(function (s, i) { if (keep[i]) { count++; returned += volume(s); } });
    document.getElementById("summary").textContent = count + " of " + data.shares.length + " shares shown, " +
      returned.toLocaleString("en-GB") + " individuals returned; " + nodeSet.length + " nodes, " + edgeSet.length +
      " links (" + { org: "bodies", dataset: "datasets to recipients", record: "records" }[data.view] + ").";
  }

  function legend() {
    var list = document.getElementById("legend");
    Object.keys(KIND_COLOURS).sort().forEach(function (kind) {
      var item = el("li"), swatch = el("span", null, "swatch");
      swatch.style.background = KIND_COLOURS[kind];
      item.appendChild(swatch); item.appendChild(document.createTextNode(kind)); list.appendChild(item);
    });
    var dashed = el("li"); dashed.appendChild(el("span", null, "dashed"));
    dashed.appendChild(document.createTextNode("a share without a stated legal basis or agreement"));
    list.appendChild(dashed);
    list.appendChild(el("li", "size and width: individuals returned"));
  }

  function pager(box, page, pages, total, what, go) {
    box.textContent = "";
    box.hidden = pages <= 1;
    if (pages <= 1) return;
    var previous = el("button", "previous"), next = el("button", "next");
    previous.type = next.type = "button";
    previous.disabled = page === 0; next.disabled = page >= pages - 1;
    previous.addEventListener("click", function () { go(page - 1); });
    next.addEventListener("click", function () { go(page + 1); });
    box.appendChild(previous);
    box.appendChild(el("span", "page " + (page + 1) + " of " + pages + " (" + total + " " + what + ")"));
    box.appendChild(next);
  }

  // --- the side panel -----------------------------------------------------------------------------------------------
  var panel = document.getElementById("panel");
  function field(list, term, value, className) {
    if (value === "" || value === null || value === undefined) return;
    list.appendChild(el("dt", term));
    list.appendChild(el("dd", value, className));
  }
  function shareCard(i) {
    var s = share(i), card = el("article", null, "share");
    card.appendChild(el("h3", s[C.label]));
    var list = el("dl");
    field(list, "date", s[C.dates] || "not stated");
    field(list, "from → to", names(s[C.providers]) + " → " + names(s[C.recipients]));
    field(list, "requests", counts(s[C.requests]));
    field(list, "individuals requested", counts(s[C.requested]));
    field(list, "matched", counts(s[C.matched]));
    field(list, "returned", counts(s[C.returned]));
    field(list, "datasets", names(s[C.datasets]));
    field(list, "data items", names(s[C.items]));
    field(list, "purpose", names(s[C.purposes]));
    field(list, "legal basis", names(s[C.legal_bases]));
    field(list, "agreement", names(s[C.agreements]));
    field(list, "reference", s[C.references].join("; "));
    Object.keys(s[C.gaps]).forEach(function (gap) {
      var text = s[C.gaps][gap], kind = text === "missing" ? "missing" :
        (text.indexOf("inherited") === 0 ? "inherited" : "withheld");
      field(list, gap, text === "missing" ? "missing: no source states it" : text, "gap-" + kind);
    });
    card.appendChild(list);
    s[C.quotes].forEach(function (q) { card.appendChild(quoteBlock(q)); });
    return card;
  }
  function quoteBlock(q) {
    var words = quote(q), document_ = data.documents[words[0]];
    var block = el("blockquote", "\u201c" + words[2] + "\u201d");
    var cite = el("cite", "\u2014 " + (document_[1] || document_[0]) + " (" + document_[0] + ", character " +
      words[1] + ") ");
    var url = safeUrl(document_[2]);
    if (url) {
      var link = el("a", "source"); link.href = url; link.rel = "noopener noreferrer"; link.target = "_blank";
      cite.appendChild(link);
    }
    block.appendChild(cite);
    return block;
  }
  var shownPanel = null;  // what the panel shows, to show it again when the filters change
  function showPanel(heading, records, denialsOf) {
    shownPanel = [heading, records, denialsOf];
    panel.textContent = "";
    panel.appendChild(el("h2", heading));
    var shown = records.filter(function (r) { return keep[r]; });
    panel.appendChild(el("p", shown.length + " share(s)" + (shown.length < records.length ?
      " (" + (records.length - shown.length) + " hidden by the filters)" : "")));
    var more = el("div");
    function page(from) {
      shown.slice(from, from + SHARES_PER_PANEL).forEach(function (r) { more.appendChild(shareCard(r)); });
      if (from + SHARES_PER_PANEL < shown.length) {
        var button = el("button", "show " + Math.min(SHARES_PER_PANEL, shown.length - from - SHARES_PER_PANEL) +
          " more of " + (shown.length - from - SHARES_PER_PANEL));
        button.type = "button";
        button.addEventListener("click", function () { button.remove(); page(from + SHARES_PER_PANEL); });
        more.appendChild(button);
      }
    }
    panel.appendChild(more);
    page(0);
    data.denials.forEach(function (denial) {
      if (!denialsOf(denial[1])) return;
      var box = el("div", null, "denial");
      box.appendChild(el("strong", "Denied (" + denial[0] + "): " + names(denial[1])));
      denial[2].forEach(function (q) { box.appendChild(quoteBlock(q)); });
      panel.appendChild(box);
    });
  }
  function recordsOfNode(id) {
    var node = data.nodes[id];
    if (node.record !== undefined) return [node.record];
    var found = {};
    edgeSet.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      data.edges[e.id][2].forEach(function (r) { found[r] = true; });
    });
    return Object.keys(found).map(Number).sort(function (a, b) { return a - b; });
  }
  network.on("click", function (event) {
    if (event.nodes.length) {
      var node = data.nodes[event.nodes[0]];
      showPanel(node.label + " (" + node.kind + ")", recordsOfNode(node.id), function (parties) {
        return node.name !== undefined && parties.indexOf(node.name) >= 0;
      });
    } else if (event.edges.length) {
      var edge = data.edges[event.edges[0]], from = data.nodes[edge[0]], to = data.nodes[edge[1]];
      showPanel(from.label + " \u2192 " + to.label, edge[2], function (parties) {
        return parties.indexOf(from.name) >= 0 && parties.indexOf(to.name) >= 0;
      });
    }
  });

  // --- the table ----------------------------------------------------------------------------------------------------
  var TABLE = [
    ["share", function (s) { return s[C.label]; }],
    ["provider", function (s) { return names(s[C.providers]); }],
    ["recipient", function (s) { return names(s[C.recipients]); }],
    ["date", function (s) { return s[C.dates]; }],
    ["datasets", function (s) { return names(s[C.datasets]); }],
    ["purpose", function (s) { return names(s[C.purposes]); }],
    ["legal basis", function (s) { return names(s[C.legal_bases]); }],
    ["returned", function (s) { return s[C.returned].length ? volume(s) : ""; }],
    ["agreement", function (s) { return names(s[C.agreements]); }],
    ["gaps", function (s) {
      return Object.keys(s[C.gaps]).filter(function (g) { return s[C.gaps][g].indexOf("inherited") !== 0; })
        .map(function (g) { return g + ": " + (s[C.gaps][g] === "missing" ? "missing" : "withheld"); }).join("; ");
    }]
  ];
  var sortColumn = null, ascending = true, tablePage = 0;
  var head = document.querySelector("#flows thead tr");
  TABLE.forEach(function (column, i) {
    var th = el("th", column[0]);
    th.setAttribute("aria-sort", "none");
    th.addEventListener("click", function () {
      ascending = sortColumn === i ? !ascending : true;
      sortColumn = i;
      head.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      table(false);
    });
    head.appendChild(th);
  });
  function table(resetPage) {
    if (resetPage) tablePage = 0;
    var rows = [];
    data.shares.forEach(function (_, i) { if (keep[i]) rows.push(i); });
    if (sortColumn !== null) {
      var value = TABLE[sortColumn][1];
      var keys = {};
      rows.forEach(function (r) { keys[r] = value(share(r)); });
      rows.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        var order = (typeof x === "number" && typeof y === "number") ? x - y :
          String(x).localeCompare(String(y), "en", { numeric: true });
        return ascending ? order : -order;
      });
    }
    var pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
    var body = document.querySelector("#flows tbody");
    body.textContent = "";
    rows.slice(tablePage * ROWS_PER_PAGE, (tablePage + 1) * ROWS_PER_PAGE).forEach(function (r) {
      var tr = el("tr");
      TABLE.forEach(function (column) {
        tr.appendChild(el("td", column[1](share(r)), column[0] === "gaps" ? "gaps" : ""));
      });
      tr.addEventListener("click", function () { showPanel(share(r)[C.label], [r], function () { return false; }); });
      body.appendChild(tr);
    });
    pager(document.getElementById("table-pager"), tablePage, pages, rows.length, "shares", function (page) {
      tablePage = page; table(false);
    });
  }

  // --- the timeline -------------------------------------------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  function timeline() {
    var box = document.getElementById("timeline"), byRecipient = {}, totals = {};
    var first = Infinity, last = -Infinity, peak = 1;
    data.shares.forEach(function (s, i) {
      var span = s[C.years];
      if (!keep[i] || !span) return;
      s[C.recipients].forEach(function (r) {
        var years = byRecipient[r] = byRecipient[r] || {};
        years[span[0]] = (years[span[0]] || 0) + volume(s);
        totals[r] = (totals[r] || 0) + volume(s);
      });
      first = Math.min(first, span[0]); last = Math.max(last, span[0]);
    });
    box.textContent = "";
    var recipients = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; }).slice(0, 8);
    if (!recipients.length) { box.appendChild(el("p", "No dated shares are shown.", "hint")); return; }
    recipients.forEach(function (r) {
      Object.keys(byRecipient[r]).forEach(function (y) { peak = Math.max(peak, byRecipient[r][y]); });
    });
    var width = 900, height = 260, left = 70, right = 170, top = 15, bottom = 30;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "individuals returned per recipient per year" });
    function x(year) { return left + (last === first ? 0.5 : (year - first) / (last - first)) * (width - left - right); }
    function y(value) { return height - bottom - (value / peak) * (height - top - bottom); }
    chart.appendChild(svg("line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: "#999" }));
    chart.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: height - bottom, stroke: "#999" }));
    chart.appendChild(svg("text", { x: 4, y: top + 10 }, peak.toLocaleString("en-GB")));
    chart.appendChild(svg("text", { x: 4, y: height - bottom }, "0"));
    var step = Math.max(1, Math.ceil((last - first) / 12));
    for (var year = first; year <= last; year += step) {
      chart.appendChild(svg("text", { x: x(year) - 14, y: height - 10 }, year));
    }
    var palette = ["#1f5fa8", "#d4502b", "#2e8b57", "#8e5bb5", "#b8860b", "#00897b", "#2b2b72", "#c77d00"];
    recipients.forEach(function (r, n) {
      var points = [];
      for (var year = first; year <= last; year++) points.push(x(year) + "," + y(byRecipient[r][year] || 0));
      chart.appendChild(svg("polyline", { points: points.join(" "), fill: "none", stroke: palette[n], "stroke-width": 2 }));
      chart.appendChild(svg("text", { x: width - right + 8, y: top + 14 + n * 16, fill: palette[n] },
        name(Number(r)) + " (" + totals[r].toLocaleString("en-GB") + ")"));
    });
    box.appendChild(chart);
  }

  // --- start --------------------------------------------------------------------------------------------------------
  function refilter() {
    keep = visibleShares(); recordPage = 0; redraw();
    if (shownPanel) showPanel.apply(null, shownPanel);
  }
  ["recipient", "purpose", "basis", "since", "until"].forEach(function (key) {
    controls[key].addEventListener("change", refilter);
  });
  var typing = null;
  controls.search.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(refilter, 200); });
  document.getElementById("filters").addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("reset").addEventListener("click", function () {
    Object.keys(controls).forEach(function (key) { controls[key].value = ""; });
    refilter();
  });
  document.getElementById("title").textContent = data.title;
  document.getElementById("generated").textContent = "Made by flowatlas on " + data.generated +
    (Object.keys(data.filters).length ? "; filtered when made: " + JSON.stringify(data.filters) : "") + ".";
  legend();
  redraw();
  // For tests and the curious: the network (vis-network's API) and the data it is drawn from.
  window.atlas = { network: network, data: data, nodes: nodeSet, edges: edgeSet };
  window.atlasReady = performance.now();
  document.documentElement.setAttribute("data-ready", "true");
})();
