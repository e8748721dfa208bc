// Timeline, actor network and map: SVG drawn here from the observatory's own JSON API.
// No library, nothing fetched from elsewhere; every label is set with textContent.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1c7ed6", "#e8590c", "#2b8a3e", "#c2255c", "#7048e8", "#0c8599", "#f08c00", "#5c940d",
                 "#862e9c", "#d6336c", "#1098ad", "#a61e4d", "#364fc7", "#e67700", "#087f5b", "#495057",
                 "#74b816", "#f03e3e", "#4263eb", "#ae3ec9"];
  var QUAD = {"1": "#40c057", "2": "#2b8a3e", "3": "#fa5252", "4": "#c92a2a"};

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function title(node, text) { var t = el("title", {}, node); t.textContent = text; return node; }
  function label(parent, x, y, text, attrs) {
    var t = el("text", Object.assign({x: x, y: y}, attrs || {}), parent);
    t.textContent = text;
    return t;
  }
  function message(fig, text) {
    fig.textContent = "";
    var p = document.createElement("p");
    p.className = "note";
    p.textContent = text;
    fig.appendChild(p);
  }
  function getJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.message ? body.message : "HTTP " + r.status); }
        return body;
      });
    });
  }
  // Goldstein -10..10 -> red .. grey .. green
  function goldsteinColour(g) {
    if (g === null || g === undefined) { return "#868e96"; }
    var t = Math.max(-1, Math.min(1, g / 10));
    var grey = [134, 142, 150], red = [201, 42, 42], green = [43, 138, 62];
    var to = t < 0 ? red : green, a = Math.abs(t);
    var c = grey.map(function (v, i) { return Math.round(v + (to[i] - v) * a); });
    return "rgb(" + c.join(",") + ")";
  }
  function done(fig) { fig.setAttribute("data-rendered", "true"); }

  // -- timeline: stacked bars per day (per month or year when the dates span long) -------
  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  function buckets(firstIso, lastIso) {
    var first = dayNumber(firstIso), last = dayNumber(lastIso);
    if (last - first <= 120) {
      var pad = last - first < 6 ? Math.ceil((6 - (last - first)) / 2) : 0;
      var days = [];
      for (var d = first - pad; d <= last + pad; d++) { days.push(isoDay(d)); }
      return {unit: "day", keys: days, of: function (iso) { return iso; }};
    }
    var y0 = +firstIso.slice(0, 4), m0 = +firstIso.slice(5, 7), y1 = +lastIso.slice(0, 4), m1 = +lastIso.slice(5, 7);
    if ((y1 - y0) * 12 + (m1 - m0) <= 120) {
      var months = [];
      for (var y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, m = 1) : m++) {
        months.push(y + "-" + (m < 10 ? "0" : "") + m);
      }
      return {unit: "month", keys: months, of: function (iso) { return iso.slice(0, 7); }};
    }
    var years = [];
    for (var yy = y0; yy <= y1; yy++) { years.push(String(yy)); }
    return {unit: "year", keys: years, of: function (iso) { return iso.slice(0, 4); }};
  }

  function drawTimeline(fig, data) {
    if (!data.points.length) {
      message(fig, "No dated events match." + (data.undated ? " (" + data.undated + " events dated only to a month or year, or undated.)" : ""));
      done(fig); return;
    }
    var keys = data.series.map(function (s) { return s.key; });
    var colour = {};
    keys.forEach(function (k, i) { colour[k] = data.by === "quad" && QUAD[k] ? QUAD[k] : PALETTE[i % PALETTE.length]; });
    var dates = data.points.map(function (p) { return p.date; }).sort();
    var b = buckets(dates[0], dates[dates.length - 1]);
    var index = {};
    b.keys.forEach(function (k, i) { index[k] = i; });
    var stacks = {};  // bucket -> series key -> {events, mentions}
    data.points.forEach(function (p) {
      var k = b.of(p.date), s = (stacks[k] = stacks[k] || {});
      var v = (s[p.key] = s[p.key] || {events: 0, mentions: 0});
      v.events += p.events; v.mentions += p.mentions;
    });
    var max = 1;
    Object.keys(stacks).forEach(function (k) {
      var total = Object.keys(stacks[k]).reduce(function (sum, key) { return sum + stacks[k][key].events; }, 0);
      if (total > max) { max = total; }
    });
    var n = b.keys.length;
    var W = 900, H = 320, L = 44, R = 12, T = 14, B = 44;
    fig.textContent = "";
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "events per " + b.unit,
                         "data-unit": b.unit}, fig);
    var bw = (W - L - R) / n;
    var y = function (v) { return T + (H - T - B) * (1 - v / max); };
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis"}, svg);
    el("line", {x1: L, y1: T, x2: L, y2: H - B, "class": "axis"}, svg);
    var step = Math.max(1, Math.ceil(max / 5));
    for (var v = 0; v <= max; v += step) {
      label(svg, L - 6, y(v) + 4, String(v), {"text-anchor": "end", "font-size": 11});
      el("line", {x1: L, y1: y(v), x2: W - R, y2: y(v), stroke: "#edf0f4"}, svg);
    }
    var tickEvery = Math.max(1, Math.ceil(n / 8));
    for (var i = 0; i < n; i += tickEvery) {
      label(svg, L + (i + 0.5) * bw, H - B + 16, b.keys[i], {"text-anchor": "middle", "font-size": 11});
    }
    label(svg, W - R, H - 6, "events per " + b.unit, {"text-anchor": "end", "font-size": 11, fill: "#5b6474"});
    var bars = el("g", {"class": "bars"}, svg);
    Object.keys(stacks).sort().forEach(function (k) {
      var x = L + index[k] * bw;
      var base = 0;
      keys.forEach(function (key) {
        var p = stacks[k][key];
        if (!p) { return; }
        var rect = el("rect", {x: x + bw * 0.1, width: Math.max(2, bw * 0.8), y: y(base + p.events),
                               height: y(base) - y(base + p.events), fill: colour[key], "class": "bar",
                               "data-bucket": k, "data-key": key, "data-events": p.events}, bars);
        var name = (data.series.filter(function (s) { return s.key === key; })[0] || {}).label || key;
        title(rect, k + " · " + key + " " + name + ": " + p.events + " events, " + p.mentions + " mentions");
        base += p.events;
      });
    });
    var legend = document.createElement("div");
    legend.className = "legend-row";
    data.series.forEach(function (s) {
      var item = document.createElement("span");
      var sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = colour[s.key];
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s.key + " " + s.label));
      legend.appendChild(item);
    });
    if (data.undated) {
      var u = document.createElement("span");
      u.textContent = data.undated + " events not dated to a day (not shown)";
      legend.appendChild(u);
    }
    fig.appendChild(legend);
    done(fig);
  }

  // -- network: circular layout, arrows source -> target ---------------------------------
  function drawNetwork(fig, data) {
    if (!data.nodes.length) { message(fig, "No events with both a source and a target match."); done(fig); return; }
    var W = 900, H = 640, cx = W / 2, cy = H / 2, radius = Math.min(W, H) / 2 - 110;
    fig.textContent = "";
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "actor network"}, fig);
    var defs = el("defs", {}, svg);
    var pos = {};
    var maxNode = Math.max.apply(null, data.nodes.map(function (n) { return n.events; }));
    var maxEdge = Math.max.apply(null, data.edges.map(function (e) { return e.events; }).concat([1]));
    data.nodes.forEach(function (n, i) {
      var a = data.nodes.length === 1 ? 0 : (2 * Math.PI * i) / data.nodes.length - Math.PI / 2;
      pos[n.code] = {x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a), a: a,
                     r: 6 + 14 * Math.sqrt(n.events / maxNode)};
    });
    var edges = el("g", {"class": "edges"}, svg);
    var keyOf = {};
    data.edges.forEach(function (e) { keyOf[e.source + ">" + e.target] = true; });
    data.edges.forEach(function (e, i) {
      var s = pos[e.source], t = pos[e.target], col = goldsteinColour(e.goldstein);
      var width = 1 + 7 * Math.sqrt(e.events / maxEdge);
      var marker = el("marker", {id: "arrow-" + i, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9 + width,
                                 markerHeight: 9 + width, orient: "auto", markerUnits: "userSpaceOnUse"}, defs);
      el("path", {d: "M0,0L10,5L0,10z", fill: col}, marker);
      var d;
      if (e.source === e.target) {
        var ox = s.x + (s.r + 18) * Math.cos(s.a), oy = s.y + (s.r + 18) * Math.sin(s.a);
        d = "M" + s.x + "," + s.y + " C" + (ox - 20) + "," + (oy - 20) + " " + (ox + 20) + "," + (oy + 20) + " " + s.x + "," + s.y;
      } else {
        var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
        var sx = s.x + dx / len * s.r, sy = s.y + dy / len * s.r, tx = t.x - dx / len * (t.r + 2), ty = t.y - dy / len * (t.r + 2);
        var bend = keyOf[e.target + ">" + e.source] ? 0.18 : 0.06;
        var mx = (sx + tx) / 2 - dy * bend, my = (sy + ty) / 2 + dx * bend;
        d = "M" + sx + "," + sy + " Q" + mx + "," + my + " " + tx + "," + ty;
      }
      var path = el("path", {d: d, stroke: col, "stroke-width": width, "class": "edge", "marker-end": "url(#arrow-" + i + ")",
                             "data-source": e.source, "data-target": e.target}, edges);
      title(path, e.source + " → " + e.target + ": " + e.events + " events, " + e.mentions + " mentions, mean Goldstein " +
            (e.goldstein === null ? "?" : e.goldstein));
    });
    var nodes = el("g", {"class": "nodes"}, svg);
    data.nodes.forEach(function (n) {
      var p = pos[n.code];
      var link = el("a", {href: "/events?actor=" + encodeURIComponent(n.code), "class": "node", "data-code": n.code}, nodes);
      el("circle", {cx: p.x, cy: p.y, r: p.r}, link);
      var out = p.x >= cx ? 1 : -1;
      var lx = p.x + out * (p.r + 6), ly = p.y + 4;
      label(link, lx, ly, n.code + (n.name ? " · " + n.name : ""), {"text-anchor": out > 0 ? "start" : "end"});
      title(link, n.code + (n.name ? " (" + n.name + ")" : "") + ": " + n.events + " events");
    });
    var legend = document.createElement("div");
    legend.className = "legend-row";
    [[-10, "conflict (Goldstein −10)"], [0, "neutral"], [10, "cooperation (+10)"]].forEach(function (x) {
      var item = document.createElement("span"), sw = document.createElement("span");
      sw.className = "swatch"; sw.style.background = goldsteinColour(x[0]);
      item.appendChild(sw); item.appendChild(document.createTextNode(x[1])); legend.appendChild(item);
    });
    if (data.dropped_nodes) {
      var more = document.createElement("span");
      more.textContent = data.dropped_nodes + " smaller actors not shown";
      legend.appendChild(more);
    }
    fig.appendChild(legend);
    done(fig);
  }

  // -- map: bundled Natural Earth shapes, equirectangular --------------------------------
  function drawMap(fig, geo, data) {
    var W = geo.width, H = geo.height, k = geo.scale;
    fig.textContent = "";
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "map of event locations"}, fig);
    el("rect", {x: 0, y: 0, width: W, height: H, "class": "ocean"}, svg);
    var land = el("g", {"class": "countries"}, svg);
    geo.countries.forEach(function (c) {
      title(el("path", {d: c.d, "class": "country", "data-id": c.id}, land), c.name);
    });
    var maxEvents = Math.max.apply(null, data.points.map(function (p) { return p.events; }).concat([1]));
    var dots = el("g", {"class": "points"}, svg);
    data.points.forEach(function (p) {
      var x = (p.lon + 180) * k, y = (90 - p.lat) * k;
      var c = el("circle", {cx: x, cy: y, r: 2.5 + 9 * Math.sqrt(p.events / maxEvents), fill: goldsteinColour(p.goldstein),
                            "class": "point", "data-name": p.name || ""}, dots);
      title(c, (p.name || "?") + (p.country ? " (" + p.country + ")" : "") + ": " + p.events + " events, " +
            p.mentions + " mentions");
    });
    var legend = document.createElement("div");
    legend.className = "legend-row";
    var s = document.createElement("span");
    s.textContent = data.points.length + " places" + (data.unplaced ? "; " + data.unplaced + " events without a location" : "");
    legend.appendChild(s);
    fig.appendChild(legend);
    done(fig);
  }

  function fail(fig) { return function (err) { message(fig, "Could not draw: " + err.message); fig.setAttribute("data-rendered", "error"); }; }

  var t = document.getElementById("timeline");
  if (t) { getJSON(t.dataset.api).then(function (d) { drawTimeline(t, d); }).catch(fail(t)); }
  var n = document.getElementById("network");
  if (n) { getJSON(n.dataset.api).then(function (d) { drawNetwork(n, d); }).catch(fail(n)); }
  var m = document.getElementById("map");
  if (m) {
    Promise.all([getJSON(m.dataset.geometry), getJSON(m.dataset.api)])
      .then(function (r) { drawMap(m, r[0], r[1]); }).catch(fail(m));
  }
})();
