/* supplygraph explorer: search a buyer, supplier or tower, slide the date, click to expand.
 *
 * Everything drawn comes from /api/graph (one call for the centre at the chosen
 * depth, one per node expanded by a click); the succession timeline from
 * /api/buyers/{buyer}/towers/{tower}/succession. What is drawn is published on
 * window.explorer.drawn so that tests (and curious analysts) can read it.
 */
(() => {
  "use strict";

  const MIN = "1990-01-01";
  const MAX = "2030-12-31";
  const DAY_MS = 86400000;
  const BASE = Date.parse(MIN + "T00:00:00Z");
  // the same shapes and colours as the pyvis export (graph/explore_html.py)
  const STYLE = {
    buyer: { shape: "box", color: "#2563eb", font: { color: "#ffffff" } },
    supplier: { shape: "ellipse", color: "#f59e0b", font: { color: "#1f2937" } },
    tower: { shape: "diamond", color: "#10b981", size: 18, font: { color: "#1f2937" } },
    "in-house": { shape: "hexagon", color: "#9333ea", size: 18, font: { color: "#1f2937" } },
  };
  const EDGE_COLOUR = { holding: "#374151", tower: "#9ca3af", succession: "#dc2626" };
  const LABELLED_EDGES = 60;

  const $ = (id) => document.getElementById(id);
  const toDays = (iso) => Math.round((Date.parse(iso + "T00:00:00Z") - BASE) / DAY_MS);
  const fromDays = (n) => new Date(BASE + n * DAY_MS).toISOString().slice(0, 10);
  const clampIso = (iso) => (iso < MIN ? MIN : iso > MAX ? MAX : iso);
  const enc = encodeURIComponent;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && body.detail;
      const text = typeof detail === "string" ? detail : JSON.stringify(detail || response.statusText);
      throw new Error(`${response.status}: ${text}`);
    }
    return body;
  }

  // --- period text, as precisely as the source gave it -----------------------------

  function periodText(day, precision) {
    if (!day) return "now";
    if (precision === "decade") return day.slice(0, 3) + "0s";
    if (precision === "year") return day.slice(0, 4);
    if (precision === "month") return day.slice(0, 7);
    return day;
  }

  function dateWithPrecision(day, precision, text, isEnd) {
    if (!day) return el("span", {}, "ongoing");
    const what = isEnd ? "last day" : "first day";
    return el("span", {}, text || periodText(day, precision), " ",
      el("span", { class: "hint" }, `(${precision} precision; ${what} ${day})`));
  }

  function money(value, currency) {
    if (value === null || value === undefined) return "not known";
    const n = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 }).format(value);
    return currency ? `${currency} ${n}` : n;
  }

  // --- state -------------------------------------------------------------------------

  const today = new Date().toISOString().slice(0, 10);
  const state = {
    center: null,
    centerLabel: null,
    asOf: clampIso(today),
    drawnAsOf: null,
    layoutKey: null,
    depth: 1,
    expanded: [],
    seq: 0,
    loads: 0,
    pending: 0,
    stable: false,
    truncated: false,
    cut: null,
    error: null,
    nodeData: new Map(),
    edgeData: new Map(),
    timeline: null,
  };

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network($("graph"), { nodes, edges }, {
    nodes: { borderWidth: 1, font: { size: 14 }, margin: 8 },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.6 } },
      font: { size: 11, align: "middle", background: "rgba(255,255,255,0.85)" },
      smooth: false,
      width: 1.5,
    },
    physics: { solver: "barnesHut", barnesHut: { springLength: 190, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: 800, updateInterval: 100, fit: true } },
    layout: { randomSeed: 7 }, // the same data is laid out the same way every time
    interaction: { hover: true, tooltipDelay: 150 },
  });

  function publish() {
    window.explorer.drawn = {
      center: state.center,
      asOf: state.drawnAsOf, // the day of what is drawn (the slider may be ahead of it)
      depth: state.depth,
      expanded: [...state.expanded],
      truncated: state.truncated,
      cut: state.cut,
      error: state.error,
      loads: state.loads,
      pending: state.pending,
      stable: state.stable,
      nodes: nodes.get().map((n) => ({ id: n.id, label: n.label, kind: n.kind })),
      edges: edges.get().map((e) => ({ id: e.id, from: e.from, to: e.to, label: e.fullLabel, kind: e.kind })),
    };
  }

  // --- loading and drawing --------------------------------------------------------

  async function load() {
    if (!state.center) return;
    const seq = ++state.seq;
    state.pending += 1;
    state.stable = false;
    publish();
    const asOf = state.asOf;
    const centres = [[state.center, state.depth], ...state.expanded.map((c) => [c, 1])];
    try {
      const answers = await Promise.all(centres.map(([c, d]) =>
        getJson(`/api/graph?center=${enc(c)}&as_of=${asOf}&depth=${d}`)));
      if (seq !== state.seq) return; // a later load (the slider moved on) wins
      state.error = null;
      draw(answers);
    } catch (err) {
      if (seq !== state.seq) return;
      state.error = err.message;
      $("status").textContent = `Could not load the graph: ${err.message}`;
      $("status").className = "cut";
      state.stable = true;
    } finally {
      state.pending -= 1;
      if (seq === state.seq) state.loads += 1;
      publish();
    }
  }

  function draw(answers) {
    const nodeData = new Map();
    const edgeData = new Map();
    state.truncated = false;
    state.cut = null;
    for (const answer of answers) {
      for (const n of answer.nodes) if (!nodeData.has(n.id)) nodeData.set(n.id, n);
      for (const e of answer.edges) {
        const known = edgeData.get(e.id);
        if (!known || known.contracts.length < e.contracts.length) edgeData.set(e.id, e);
      }
      if (answer.truncated) {
        state.truncated = true;
        state.cut = state.cut || answer.cut;
      }
    }
    state.nodeData = nodeData;
    state.edgeData = edgeData;
    // the centre as the API resolved it ("Met Police" in the address bar becomes the Met's id)
    const centre = answers[0].center;
    state.drawnAsOf = answers[0].as_of;
    state.center = centre.center;
    state.centerLabel = centre.label;
    if (document.activeElement !== $("search")) $("search").value = centre.label;
    syncUrl();

    const visNodes = [...nodeData.values()].map((n) => {
      const isCentre = n.id === centre.id;
      const expanded = state.expanded.includes(n.center);
      return {
        id: n.id, label: n.label, kind: n.kind, title: `${n.label} (${n.kind})`,
        ...STYLE[n.kind],
        borderWidth: isCentre ? 4 : expanded ? 3 : 1,
        color: { background: STYLE[n.kind].color, border: isCentre || expanded ? "#111827" : STYLE[n.kind].color },
        font: { ...STYLE[n.kind].font, bold: isCentre },
      };
    });
    const crowded = edgeData.size > LABELLED_EDGES; // past this, labels only in tooltips
    const visEdges = [...edgeData.values()].map((e) => ({
      id: e.id, from: e.source, to: e.target, label: crowded ? "" : e.label, fullLabel: e.label, kind: e.kind,
      title: `${e.label}\n` + e.contracts.map((c) => `${c.id}: ${c.title || ""}`).join("\n"),
      dashes: e.kind === "tower" || e.kind === "succession",
      color: { color: EDGE_COLOUR[e.kind], highlight: "#dc2626" },
    }));
    // a new centre, day or depth is laid out afresh; an expansion keeps what is already placed
    const layoutKey = `${centre.id}|${state.drawnAsOf}|${state.depth}`;
    if (layoutKey !== state.layoutKey) {
      nodes.clear();
      edges.clear();
      state.layoutKey = layoutKey;
    }
    nodes.remove(nodes.getIds().filter((id) => !nodeData.has(id)));
    edges.remove(edges.getIds().filter((id) => !edgeData.has(id)));
    nodes.update(visNodes);
    edges.update(visEdges);

    const cut = state.truncated ? ` — cut: ${state.cut}` : "";
    $("status").textContent = `${visNodes.length} nodes, ${visEdges.length} edges as of ${state.drawnAsOf}${cut}`;
    $("status").className = state.truncated ? "cut" : "";
    $("empty").hidden = true;
    refreshTimelineBuyers();
    settle();
  }

  let settleTimer = null;
  function settle() {
    // let physics lay the new nodes out, then freeze them so that clicks land where they are drawn
    state.stable = false;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(800);
    clearTimeout(settleTimer);
    settleTimer = setTimeout(done, 4000);
  }
  function done() {
    clearTimeout(settleTimer);
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    state.stable = true;
    publish();
  }
  network.on("stabilizationIterationsDone", done);

  // --- clicks ------------------------------------------------------------------------

  network.on("click", (params) => {
    if (params.nodes.length) onNode(params.nodes[0]);
    else if (params.edges.length) onEdge(params.edges[0]);
  });

  function onNode(id) {
    const n = state.nodeData.get(id);
    if (!n) return;
    const ownTeam = n.kind === "in-house" && n.id !== n.center; // a buyer's own team links nothing more
    const isCentre = n.center === state.center;
    let expanding = false;
    if (!ownTeam && !isCentre && !state.expanded.includes(n.center)) {
      state.expanded.push(n.center);
      expanding = true;
    }
    showNode(n, expanding);
    if (n.kind === "buyer") {
      $("tl-buyer").value = n.id;
      showTimeline();
    }
    if (expanding) load();
  }

  function showNode(n, expanding) {
    const body = $("details-body");
    const touching = [...state.edgeData.values()].filter((e) => e.source === n.id || e.target === n.id);
    body.replaceChildren(
      el("h3", { class: `node-title ${n.kind}` }, n.label),
      el("dl", {},
        el("dt", {}, "kind"), el("dd", {}, n.kind),
        el("dt", {}, "id"), el("dd", {}, n.id),
        el("dt", {}, "edges drawn"), el("dd", {}, String(touching.length))),
      el("p", { class: "hint" }, expanding ? "Expanding its neighbours…"
        : n.center === state.center ? "This is the centre." : "Its neighbours are shown."),
      el("button", { type: "button", onclick: () => recentre(n.center, n.label) }, "Explore from here"),
    );
  }

  function onEdge(id) {
    const e = state.edgeData.get(id);
    if (!e) return;
    const name = (nid) => (state.nodeData.get(nid) || { label: nid }).label;
    const body = $("details-body");
    if (e.kind === "succession") {
      body.replaceChildren(
        el("h3", { class: "edge-title" }, `${name(e.source)} → ${name(e.target)}: replaced`),
        el("p", {}, "Contract succession inferred from the notices (score 0 to 1; the evidence says why)."),
        ...e.pairs.map((p) => el("div", { class: "contract succession", "data-contract": p.later },
          el("h3", {}, `${p.earlier} → ${p.later}`),
          el("dl", {},
            el("dt", {}, "replaced"), el("dd", {}, p.earlier_title || p.earlier),
            el("dt", {}, "score"), el("dd", { class: "score" }, p.score.toFixed(2)),
            el("dt", {}, "evidence"), el("dd", {}, el("ul", {}, ...p.evidence.map((line) => el("li", {}, line))))))),
      );
      return;
    }
    body.replaceChildren(
      el("h3", { class: "edge-title" }, `${name(e.source)} → ${name(e.target)}`),
      el("dl", {},
        el("dt", {}, "kind"), el("dd", {}, e.kind === "holding" ? "holds (supplier → buyer)" : "tower held at buyer"),
        el("dt", {}, "towers"), el("dd", {}, e.towers.length ? e.towers.join(", ") : "no tower given"),
        el("dt", {}, "period"), el("dd", {}, `${periodText(e.start, e.start_precision)}–${periodText(e.end, e.end_precision)}`)),
      el("h2", {}, `${e.contracts.length} contract${e.contracts.length === 1 ? "" : "s"}`),
      ...e.contracts.map(contractBlock),
    );
    const buyer = e.kind === "tower" ? e.source : e.target;
    if (e.towers.length === 1 && state.nodeData.get(buyer)?.kind === "buyer") {
      refreshTimelineBuyers(buyer);
      $("tl-buyer").value = buyer;
      $("tl-tower").value = e.towers[0];
      showTimeline();
    }
  }

  function contractBlock(c) {
    return el("div", { class: "contract", "data-contract": c.id },
      el("h3", {}, c.title || c.id),
      el("dl", {},
        el("dt", {}, "contract"), el("dd", {}, c.id),
        el("dt", {}, "suppliers"), el("dd", {}, c.suppliers.map((s) => s.name).join(", ")),
        el("dt", {}, "status"), el("dd", {}, c.status || ""),
        c.programme && [el("dt", {}, "programme"), el("dd", {}, c.programme)],
        el("dt", {}, "value"), el("dd", { class: "value" }, money(c.value, c.currency)),
        el("dt", {}, "start"), el("dd", { class: "start" }, dateWithPrecision(c.start, c.start_precision, c.start_text, false)),
        el("dt", {}, "end"), el("dd", { class: "end" }, dateWithPrecision(c.end, c.end_precision, c.end_text, true)),
        el("dt", {}, "towers"), el("dd", {}, c.towers.length ? c.towers.join(", ") : "not given"),
        el("dt", {}, "sources"), el("dd", {}, c.sources.map((s) => el("div", { class: "source" }, s.url
          ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.title || s.url)
          : s.title)))), // a source known by its title only is named, not linked
    );
  }

  function recentre(center, label) {
    state.center = center;
    state.centerLabel = label;
    state.expanded = [];
    $("search").value = label;
    syncUrl();
    load();
  }

  // --- search --------------------------------------------------------------------------

  const searchBox = $("search");
  const list = $("suggestions");
  let suggestions = [];
  let active = -1;
  let searchSeq = 0;

  const suggest = debounce(async () => {
    const q = searchBox.value.trim();
    const seq = ++searchSeq;
    if (!q) {
      list.hidden = true;
      return;
    }
    try {
      const found = await getJson(`/api/search?q=${enc(q)}`);
      if (seq !== searchSeq) return;
      suggestions = found;
      active = found.length ? 0 : -1;
      renderSuggestions();
    } catch (err) {
      list.replaceChildren(el("li", { class: "hint" }, `search failed: ${err.message}`));
      list.hidden = false;
    }
  }, 120);

  function renderSuggestions() {
    if (!suggestions.length) {
      list.replaceChildren(el("li", { class: "hint" }, "nothing matches"));
    } else {
      list.replaceChildren(...suggestions.map((s, i) => el("li", {
        role: "option", "data-id": s.id, class: i === active ? "active" : "",
        onmousedown: (ev) => { ev.preventDefault(); choose(s); },
      }, el("span", { class: `kind ${s.kind}` }, s.kind), el("span", { class: "name" }, s.name),
      s.matched ? el("span", { class: "matched" }, `“${s.matched}”`) : null)));
    }
    list.hidden = false;
  }

  function choose(s) {
    list.hidden = true;
    recentre(s.id, s.name);
    if (s.kind === "buyer") {
      refreshTimelineBuyers(s.id, s.name);
      $("tl-buyer").value = s.id;
      showTimeline();
    }
  }

  searchBox.addEventListener("input", suggest);
  searchBox.addEventListener("keydown", (ev) => {
    if (list.hidden && ev.key !== "Enter") return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!suggestions.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + suggestions.length) % suggestions.length;
      renderSuggestions();
    } else if (ev.key === "Enter" && suggestions[active]) {
      ev.preventDefault();
      choose(suggestions[active]);
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });
  searchBox.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));

  // --- the date slider -------------------------------------------------------------

  const slider = $("as-of-slider");
  const dateInput = $("as-of-input");
  slider.max = String(toDays(MAX));
  dateInput.min = MIN;
  dateInput.max = MAX;
  const ticks = $("ticks");
  for (let y = 1990; y <= 2030; y += 5) {
    const left = (toDays(`${y}-01-01`) / toDays(MAX)) * 100;
    ticks.append(el("span", { style: `left:${left}%` }, String(y)));
  }

  function showDate() {
    slider.value = String(toDays(state.asOf));
    dateInput.value = state.asOf;
    const long = new Date(state.asOf + "T00:00:00Z").toLocaleDateString("en-GB",
      { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    $("as-of-text").textContent = `${state.asOf} (${long})`;
  }

  const loadSoon = debounce(() => { syncUrl(); load(); }, 150);
  slider.addEventListener("input", () => {
    state.asOf = fromDays(Number(slider.value));
    showDate();
    drawTimeline();
    loadSoon();
  });
  dateInput.addEventListener("change", () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) return;
    state.asOf = clampIso(dateInput.value);
    showDate();
    drawTimeline();
    loadSoon();
  });
  $("depth").addEventListener("change", () => {
    state.depth = Number($("depth").value);
    syncUrl();
    load();
  });

  // --- the succession timeline -------------------------------------------------------

  function refreshTimelineBuyers(extraId, extraName) {
    const select = $("tl-buyer");
    const chosen = select.value;
    const buyers = new Map();
    for (const n of state.nodeData.values()) if (n.kind === "buyer") buyers.set(n.id, n.label);
    if (extraId) buyers.set(extraId, extraName || (state.nodeData.get(extraId) || { label: extraId }).label);
    if (chosen && !buyers.has(chosen)) buyers.set(chosen, select.selectedOptions[0]?.textContent || chosen);
    select.replaceChildren(...[...buyers].map(([id, label]) => el("option", { value: id }, label)));
    if (chosen && buyers.has(chosen)) select.value = chosen;
  }

  async function showTimeline() {
    const buyer = $("tl-buyer").value;
    const tower = $("tl-tower").value;
    if (!buyer || !tower) return;
    try {
      const answer = await getJson(`/api/buyers/${enc(buyer)}/towers/${enc(tower)}/succession`);
      if ($("tl-buyer").value !== buyer || $("tl-tower").value !== tower) return;
      state.timeline = answer;
    } catch (err) {
      state.timeline = { error: err.message, buyer: { id: buyer }, tower: { id: tower }, spells: [] };
    }
    drawTimeline();
  }
  $("tl-buyer").addEventListener("change", showTimeline);
  $("tl-tower").addEventListener("change", showTimeline);

  function drawTimeline() {
    const t = state.timeline;
    const body = $("timeline-body");
    if (!t) return;
    window.explorer.timeline = {
      buyer: t.buyer.id, tower: t.tower.id,
      spells: t.spells.map((s) => ({ supplier: s.supplier.name, start: s.start, end: s.end })),
    };
    if (t.error) {
      body.replaceChildren(el("p", { class: "hint" }, `No succession: ${t.error}`));
      return;
    }
    if (!t.spells.length) {
      body.replaceChildren(el("p", { class: "hint" }, `Nobody is recorded holding ${t.tower.name} at ${t.buyer.name}.`));
      return;
    }
    const from = Math.min(1990, ...t.spells.map((s) => Number(s.start.slice(0, 4))));
    const axisStart = Date.parse(`${from}-01-01T00:00:00Z`);
    const axisEnd = Date.parse("2031-01-01T00:00:00Z");
    const pct = (iso) => ((Date.parse(iso + "T00:00:00Z") - axisStart) / (axisEnd - axisStart)) * 100;
    const axis = el("div", { class: "tl-track" });
    for (let y = Math.ceil(from / 5) * 5; y <= 2030; y += 5) {
      axis.append(el("span", { style: `left:${pct(`${y}-01-01`)}%` }, String(y)));
    }
    const rows = t.spells.map((s) => {
      const left = pct(s.start);
      const right = s.end ? pct(s.end) : 100;
      const period = `${periodText(s.start, s.start_precision)}–${periodText(s.end, s.end_precision)}`;
      const kind = s.supplier.id === "in-house" ? "in-house" : "";
      return el("div", { class: "tl-row", "data-supplier": s.supplier.id },
        el("span", { class: "tl-name" }, s.supplier.name),
        el("div", { class: "tl-track" },
          el("div", {
            class: `tl-bar ${kind} ${s.end ? "" : "ongoing"}`,
            style: `left:${left}%;width:${Math.max(right - left, 0.5)}%`,
            title: `${s.supplier.name}: ${period} (contracts ${s.contracts.join(", ")})`,
          }, period),
          el("div", { class: "tl-now", style: `left:${pct(state.asOf)}%`, title: `as of ${state.asOf}` })));
    });
    body.replaceChildren(
      el("p", { class: "hint" }, `${t.tower.name} at ${t.buyer.name}: who held it, in order`),
      el("div", { class: "tl-axis" }, el("span", {}, ""), axis),
      ...rows,
    );
  }

  // --- address bar, export link, start-up -------------------------------------------

  function syncUrl() {
    const params = new URLSearchParams();
    if (state.center) params.set("center", state.center);
    params.set("as_of", state.asOf);
    if (state.depth !== 1) params.set("depth", String(state.depth));
    history.replaceState(null, "", `${location.pathname}?${params}`);
    const link = $("export");
    if (state.center) {
      link.href = `/api/graph.html?center=${enc(state.center)}&as_of=${state.asOf}&depth=${state.depth}`;
      link.hidden = false;
    }
  }

  window.explorer = {
    network,
    state,
    drawn: null,
    timeline: null,
    /** where a node is drawn, in page coordinates */
    positionOf(id) {
      const p = network.canvasToDOM(network.getPositions([id])[id]);
      const box = $("graph").getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    /** the middle of a (straight) edge, in page coordinates */
    edgeMiddle(id) {
      const e = edges.get(id);
      const a = this.positionOf(e.from);
      const b = this.positionOf(e.to);
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    },
  };

  const params = new URLSearchParams(location.search);
  if (/^\d{4}-\d{2}-\d{2}$/.test(params.get("as_of") || "")) state.asOf = clampIso(params.get("as_of"));
  if (["1", "2", "3"].includes(params.get("depth"))) {
    state.depth = Number(params.get("depth"));
    $("depth").value = String(state.depth);
  }
  showDate();
  publish();
  if (params.get("center")) recentre(params.get("center"), params.get("center"));
})();
