/* kgbuild graph view: filters, search, neighbourhood view and a details panel over vis-network.
 *
 * Every string shown comes from untrusted article text, so this script never parses markup:
 * text goes into the page through text nodes (textContent) only, links are made only for
 * http(s) addresses, and vis-network draws labels on a canvas (no HTML tooltips).
 */
(function () {
  'use strict';

  const started = performance.now();
  const api = { ready: false, error: null, timings: { scriptStart: started } };
  window.kgView = api;

  /* ---------- encoding ---------- */

  const TYPE_STYLE = {
    Substance: { color: '#f9a825', shape: 'dot' },
    Compound: { color: '#8e24aa', shape: 'diamond' },
    Alkaloid: { color: '#c2185b', shape: 'star' },
    Receptor: { color: '#3949ab', shape: 'square' },
    Neurotransmitter: { color: '#00897b', shape: 'triangleDown' },
    Condition: { color: '#7cb342', shape: 'hexagon' },
    Risk: { color: '#d32f2f', shape: 'triangle' },
  };
  const OTHER_TYPE = { color: '#757575', shape: 'dot' };
  const RELATION_COLOR = {
    contains: '#8d6e63',
    actsOn: '#3f51b5',
    modulates: '#009688',
    claimedFor: '#2e7d32',
    hasRisk: '#e53935',
  };
  const OTHER_RELATION = '#616161';
  /* Line style by evidence level rank: 0 unstated, 1 traditional, 2 anecdotal, 3 research,
     4 clinical. Solid = research and clinical, dashed = anecdotal, dash-dot = traditional,
     dotted = unstated. */
  const LEVEL_DASHES = [[2, 5], [10, 5, 2, 5], [10, 6], false, false];
  const LEVEL_NOTE = ['dotted', 'dash-dot', 'dashed', 'solid', 'solid'];
  const DENIED_OPACITY = 0.45;
  const ARROWS = { to: { enabled: true, type: 'arrow', scaleFactor: 0.55 } };
  const DENIED_ARROWS = { to: { enabled: true, type: 'bar', scaleFactor: 0.7 },
    middle: { enabled: true, type: 'bar', scaleFactor: 0.6 } };
  const MAX_LIST = 60;

  const typeStyle = (type) => TYPE_STYLE[type] || OTHER_TYPE;
  const relationColor = (relation) => RELATION_COLOR[relation] || OTHER_RELATION;
  /* Width grows with the logarithm of the number of documents, up to 16 documents. */
  const WIDE = 16;
  const edgeWidth = (documents) => Math.min(10, 1.2 + 2.2 * Math.log2(Math.max(1, documents)));

  /* ---------- DOM helpers (text only, never markup) ---------- */

  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    return node;
  }

  function isWebAddress(iri) {
    return typeof iri === 'string' && /^https?:\/\/[^\s"'<>`]+$/i.test(iri);
  }

  function externalLink(iri, label) {
    if (!isWebAddress(iri)) return el('span', null, label);
    const a = el('a', null, label);
    a.href = iri;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    a.referrerPolicy = 'no-referrer';
    return a;
  }

  const fmt = (n) => Number(n).toLocaleString('en');
  const plural = (n, one, many) => fmt(n) + ' ' + (n === 1 ? one : many || one + 's');

  function shapeGlyph(type, dashed) {
    const style = typeStyle(type);
    const svg = svgEl('svg', { width: 18, height: 18, viewBox: '0 0 18 18', class: 'glyph',
      'aria-hidden': 'true' });
    const paint = { fill: style.color, stroke: '#333', 'stroke-width': 1 };
    if (dashed) paint['stroke-dasharray'] = '2 2';
    const polygon = (points) => svgEl('polygon', Object.assign({ points }, paint));
    let shape;
    switch (style.shape) {
      case 'diamond': shape = polygon('9,1 17,9 9,17 1,9'); break;
      case 'square': shape = svgEl('rect', Object.assign({ x: 2.5, y: 2.5, width: 13, height: 13 },
        paint)); break;
      case 'triangle': shape = polygon('9,1.5 17,16 1,16'); break;
      case 'triangleDown': shape = polygon('1,2 17,2 9,16.5'); break;
      case 'hexagon': shape = polygon('9,1 16,5 16,13 9,17 2,13 2,5'); break;
      case 'star': shape = polygon('9,1 11,6.5 17,6.7 12.3,10.4 14,16.5 9,13 4,16.5 5.7,10.4 1,6.7 7,6.5');
        break;
      default: shape = svgEl('circle', Object.assign({ cx: 9, cy: 9, r: 7 }, paint));
    }
    svg.append(shape);
    return svg;
  }

  function lineGlyph(color, dashes, width, denied) {
    const svg = svgEl('svg', { width: 46, height: 14, viewBox: '0 0 46 14', class: 'glyph',
      'aria-hidden': 'true' });
    const line = svgEl('line', { x1: 2, y1: 7, x2: 36, y2: 7, stroke: color,
      'stroke-width': width, 'stroke-opacity': denied ? DENIED_OPACITY : 1 });
    if (dashes) line.setAttribute('stroke-dasharray', dashes.join(' '));
    svg.append(line);
    if (denied) {
      svg.append(svgEl('line', { x1: 40, y1: 1, x2: 40, y2: 13, stroke: color, 'stroke-width': 3 }));
      svg.append(svgEl('line', { x1: 19, y1: 2, x2: 19, y2: 12, stroke: color, 'stroke-width': 3 }));
    } else {
      svg.append(svgEl('polygon', { points: '36,2 45,7 36,12', fill: color }));
    }
    return svg;
  }

  /* ---------- data ---------- */

  let DATA;
  try {
    DATA = JSON.parse($('kg-data').textContent);
  } catch (error) {
    fail('The graph data could not be read: ' + error.message);
    return;
  }
  api.timings.dataParsed = performance.now();

  const NODES = DATA.nodes;
  const EDGES = DATA.edges;
  const LEVELS = DATA.levels;
  /* Kinds of source (government, vendor, forum ...) with what each is, from the packaged data. */
  const SOURCE_TYPES = (DATA.sourceTypes || []).map(([name]) => name);
  const SOURCE_NOTE = new Map(DATA.sourceTypes || []);
  const EDGE_SOURCES = EDGES.map((e) => Object.keys(e.st || {}));
  const nodeIndexById = new Map(NODES.map((n, i) => [n.id, i]));
  const outEdges = NODES.map(() => []);
  const inEdges = NODES.map(() => []);
  EDGES.forEach((e, i) => {
    outEdges[e.s].push(i);
    inEdges[e.o].push(i);
  });
  const BIG = NODES.length > 1000 || EDGES.length > 4000;

  function fail(message) {
    api.error = message;
    const box = $('details');
    clear(box);
    box.append(el('p', 'error', message));
    $('status').textContent = 'Error';
    $('progress').hidden = true;
  }

  /* ---------- filter state ---------- */

  const state = {
    relations: new Set(DATA.relations),
    types: new Set(DATA.types),
    minLevel: 0,
    showDenied: true,
    sources: new Set(SOURCE_TYPES), // a claim is shown when one of its mentions is from these
    substance: null, // node index
    scope: null, // {centre: node index, depth: n}
  };
  let visibleNodes = new Set();
  let visibleEdges = new Set();

  function substanceScope(start) {
    /* The substance and, transitively, what it `contains`: claims about a substance include
       the claims made about its constituents. */
    const reached = new Set([start]);
    const queue = [start];
    while (queue.length) {
      const node = queue.shift();
      for (const i of outEdges[node]) {
        const e = EDGES[i];
        if (e.r === 'contains' && !reached.has(e.o)) {
          reached.add(e.o);
          queue.push(e.o);
        }
      }
    }
    return reached;
  }

  function neighbourhood(centre, depth) {
    const reached = new Set([centre]);
    let frontier = [centre];
    for (let step = 0; step < depth && frontier.length; step++) {
      const next = [];
      for (const node of frontier) {
        const neighbours = outEdges[node].map((i) => EDGES[i].o)
          .concat(inEdges[node].map((i) => EDGES[i].s));
        for (const other of neighbours) {
          if (!reached.has(other)) { reached.add(other); next.push(other); }
        }
      }
      frontier = next;
    }
    return reached;
  }

  function computeVisible() {
    const subjects = state.substance === null ? null : substanceScope(state.substance);
    const hood = state.scope === null ? null : neighbourhood(state.scope.centre, state.scope.depth);
    const allSources = SOURCE_TYPES.every((kind) => state.sources.has(kind));
    const edges = new Set();
    const nodes = new Set();
    EDGES.forEach((e, i) => {
      if (!state.relations.has(e.r) || e.l < state.minLevel || (e.n && !state.showDenied)) return;
      if (!allSources && !EDGE_SOURCES[i].some((kind) => state.sources.has(kind))) return;
      if (!state.types.has(NODES[e.s].t) || !state.types.has(NODES[e.o].t)) return;
      if (subjects && !subjects.has(e.s)) return;
      if (hood && !(hood.has(e.s) && hood.has(e.o))) return;
      edges.add(i);
      nodes.add(e.s);
      nodes.add(e.o);
    });
    if (state.substance !== null) nodes.add(state.substance);
    if (state.scope !== null) nodes.add(state.scope.centre);
    visibleNodes = nodes;
    visibleEdges = edges;
  }

  /* ---------- vis data ---------- */

  function nodeItem(n, i) {
    const style = typeStyle(n.t);
    const label = n.l.length > 40 ? n.l.slice(0, 39) + '…' : n.l;
    return {
      id: i,
      label,
      shape: style.shape,
      value: outEdges[i].length + inEdges[i].length,
      color: { background: style.color, border: '#333333',
        highlight: { background: style.color, border: '#000000' } },
      borderWidth: n.disc ? 2 : 1,
      shapeProperties: { borderDashes: n.disc ? [3, 3] : false },
    };
  }

  function edgeItems() {
    /* Parallel claims between one pair of nodes are curved apart; the rest are straight. */
    const pairs = new Map();
    EDGES.forEach((e, i) => {
      const key = e.s < e.o ? e.s + ' ' + e.o : e.o + ' ' + e.s;
      if (!pairs.has(key)) pairs.set(key, []);
      pairs.get(key).push(i);
    });
    const items = new Array(EDGES.length);
    for (const members of pairs.values()) {
      members.forEach((i, k) => {
        const e = EDGES[i];
        const color = relationColor(e.r);
        const item = {
          id: i,
          from: e.s,
          to: e.o,
          color: { color, highlight: color, opacity: e.n ? DENIED_OPACITY : 0.9 },
          width: edgeWidth(e.d),
          dashes: LEVEL_DASHES[e.l] === undefined ? false : LEVEL_DASHES[e.l],
          arrows: e.n ? DENIED_ARROWS : ARROWS,
          smooth: false,
        };
        if (members.length > 1 || e.s === e.o) {
          const sameWay = e.s < e.o;
          item.smooth = { enabled: true, type: (k % 2 === 0) === sameWay ? 'curvedCW' : 'curvedCCW',
            roundness: 0.12 + 0.14 * Math.floor((k + 1) / 2) };
        }
        items[i] = item;
      });
    }
    return items;
  }

  /* ---------- layout, then the network ---------- */

  const NODE_SPACING = 110; // pixels of room per node at zoom 1
  const DASH_MIN_SCALE = 0.3; // below this zoom, lines are drawn solid (see createNetwork)
  const ignoreDashes = () => undefined;
  const DECLUTTER_MAX = 400; // up to this many nodes, labels are kept from overlapping
  const maxDegree = outEdges.reduce((max, out, i) => Math.max(max, out.length + inEdges[i].length), 1);

  /** Half width and half height of a node with its label, as vis-network draws it. */
  function labelBox(node) {
    const degree = outEdges[node].length + inEdges[node].length;
    const size = 9 + (21 * (degree - 1)) / Math.max(1, maxDegree - 1);
    const label = Math.min(40, NODES[node].l.length);
    return [Math.max(size, label * 3.7 + 4), size + 10];
  }
  let nodesData = null;
  let edgesData = null;
  let nodesView = null;
  let edgesView = null;
  let network = null;
  let layoutRunning = false;
  computeVisible();

  function showProgress(done, total, what) {
    const pct = total ? Math.min(100, Math.round((100 * done) / total)) : 0;
    $('progress').hidden = false;
    $('progress-fill').style.width = pct + '%';
    $('progress').setAttribute('aria-valuenow', String(pct));
    $('progress-text').textContent = what + '… ' + pct + '%';
  }

  /** Root mean square distance of the points from their centre. */
  function spread(x, y) {
    const n = x.length;
    let cx = 0; let cy = 0;
    for (let k = 0; k < n; k++) { cx += x[k]; cy += y[k]; }
    cx /= n || 1; cy /= n || 1;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (x[k] - cx) ** 2 + (y[k] - cy) ** 2;
    return Math.sqrt(sum / (n || 1));
  }

  /** The factor that gives each node about `room` units of space around it. */
  function spreadScale(x, y, room) {
    const rms = spread(x, y);
    return x.length > 1 && rms > 0 ? (room * Math.sqrt(x.length / (2 * Math.PI))) / rms : 1;
  }

  /** Lay out `nodes` (indices) joined by `edges` (indices) in slices of ~30 ms, then call
   * `done(positions)` with a Map node index -> {x, y} in pixels. */
  function runLayout(nodes, edges, start, budget, done) {
    const local = new Map(nodes.map((node, k) => [node, k]));
    const sources = new Int32Array(edges.length);
    const targets = new Int32Array(edges.length);
    edges.forEach((i, k) => { sources[k] = local.get(EDGES[i].s); targets[k] = local.get(EDGES[i].o); });
    let begin = null;
    if (start) {
      begin = { x: new Float64Array(nodes.length), y: new Float64Array(nodes.length) };
      nodes.forEach((node, k) => { begin.x[k] = start[node].x; begin.y[k] = start[node].y; });
      const scale = spreadScale(begin.x, begin.y, 25); // to layout units (as the spiral start)
      for (let k = 0; k < nodes.length; k++) { begin.x[k] *= scale; begin.y[k] *= scale; }
    }
    const layout = kgLayout.create(nodes.length, sources, targets,
      { maxIterations: budget, start: begin, scaling: nodes.length > 2000 ? 4 : 10,
        theta: nodes.length > 2000 ? 1.5 : 1.2 });
    layoutRunning = true;
    updateStatus();
    const slice = () => {
      const until = performance.now() + 30;
      while (!layout.step() && performance.now() < until) { /* keep stepping */ }
      if (!layout.done) {
        showProgress(layout.iteration, layout.maxIterations,
          'Laying out ' + plural(nodes.length, 'entity', 'entities'));
        setTimeout(slice, 0);
        return;
      }
      layoutRunning = false;
      api.timings.layoutIterations = layout.iteration;
      const scale = spreadScale(layout.x, layout.y, NODE_SPACING);
      for (let k = 0; k < nodes.length; k++) { layout.x[k] *= scale; layout.y[k] *= scale; }
      if (nodes.length <= DECLUTTER_MAX) {
        kgLayout.declutter(layout.x, layout.y, nodes.map(labelBox));
      }
      const positions = new Map();
      nodes.forEach((node, k) => positions.set(node, { x: layout.x[k], y: layout.y[k] }));
      $('progress').hidden = true;
      done(positions);
    };
    setTimeout(slice, 0);
  }

  function createNetwork(positions) {
    const items = NODES.map(nodeItem);
    for (const [node, p] of positions) { items[node].x = p.x; items[node].y = p.y; }
    nodesData = new vis.DataSet(items);
    edgesData = new vis.DataSet(edgeItems());
    nodesView = new vis.DataView(nodesData, { filter: (item) => visibleNodes.has(item.id) });
    edgesView = new vis.DataView(edgesData, { filter: (item) => visibleEdges.has(item.id) });
    const options = {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 42 },
      physics: { enabled: false },
      interaction: { hover: false, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, multiselect: false,
        selectConnectedEdges: !BIG, zoomSpeed: 0.8 },
      nodes: {
        font: { size: 13, face: 'system-ui, sans-serif', color: '#1f2328', strokeWidth: 3,
          strokeColor: '#ffffff', multi: false },
        scaling: { min: 9, max: 30, label: { enabled: false } },
      },
      edges: { selectionWidth: 2.5, font: { multi: false }, labelHighlightBold: false },
    };
    network = new vis.Network($('network'), { nodes: nodesView, edges: edgesView }, options);
    api.network = network;
    api.timings.networkCreated = performance.now();
    /* Dash patterns are drawn in graph units: zoomed far out they would be finer than a pixel
       (invisible) yet cost most of the drawing time, so they are drawn solid there. */
    network.on('beforeDrawing', (ctx) => {
      if (network.getScale() < DASH_MIN_SCALE) ctx.setLineDash = ignoreDashes;
    });
    network.on('afterDrawing', (ctx) => {
      if (Object.prototype.hasOwnProperty.call(ctx, 'setLineDash')) delete ctx.setLineDash;
    });
    network.on('dragEnd', (params) => {
      if (params.nodes.length) network.storePositions();
    });
    network.on('click', (params) => {
      if (params.nodes.length) showNode(params.nodes[0]);
      else if (params.edges.length) showEdge(params.edges[0]);
      else showOverview();
    });
    network.on('doubleClick', (params) => {
      if (params.nodes.length) enterNeighbourhood(params.nodes[0]);
    });
    setTimeout(() => { // a task of its own: the page may react to input in between
      network.fit({ animation: false });
      network.once('afterDrawing', () => {
        api.timings.firstStableDraw = performance.now();
        api.ready = true;
        document.body.dataset.ready = 'true';
        updateStatus();
      });
      network.redraw();
    }, 0);
  }

  function relayout() {
    if (layoutRunning || !network || !visibleNodes.size) return;
    const nodes = Array.from(visibleNodes).sort((a, b) => a - b);
    const start = network.getPositions(nodes);
    runLayout(nodes, Array.from(visibleEdges), start, 300, (positions) => {
      nodesData.update(Array.from(positions, ([id, p]) => ({ id, x: p.x, y: p.y })));
      network.fit({ animation: false });
      updateStatus();
    });
  }

  /* ---------- filters and legend ---------- */

  function buildFilters() {
    const levelSelect = $('min-level');
    LEVELS.forEach((label, rank) => {
      const text = rank === 0 ? 'any (including unstated)'
        : rank === LEVELS.length - 1 ? label + ' only' : label + ' or better';
      const option = el('option', null, text);
      option.value = String(rank);
      levelSelect.append(option);
    });
    levelSelect.addEventListener('change', () => {
      state.minLevel = Number(levelSelect.value);
      apply();
    });

    const substance = $('substance');
    NODES.map((n, i) => [n, i]).filter(([n]) => n.t === 'Substance')
      .sort((a, b) => a[0].l.localeCompare(b[0].l) || a[1] - b[1])
      .forEach(([n, i]) => {
        const option = el('option', null, n.l);
        option.value = n.id;
        substance.append(option);
      });
    substance.addEventListener('change', () => {
      state.substance = substance.value === '' ? null : nodeIndexById.get(substance.value);
      apply({ fit: true });
    });

    const denied = $('show-denied');
    denied.addEventListener('change', () => {
      state.showDenied = denied.checked;
      apply();
    });
    $('denied-label').append(lineGlyph('#555555', false, 2, true),
      el('span', 'count', fmt(EDGES.filter((e) => e.n).length)));

    const relationCounts = {};
    EDGES.forEach((e) => { relationCounts[e.r] = (relationCounts[e.r] || 0) + 1; });
    const relationBox = $('relation-filters');
    DATA.relations.forEach((relation) => {
      relationBox.append(checkRow('relation', relation, lineGlyph(relationColor(relation), false,
        2.5, false), relationCounts[relation] || 0, (on) => toggle(state.relations, relation, on)));
    });

    const typeCounts = {};
    NODES.forEach((n) => { typeCounts[n.t] = (typeCounts[n.t] || 0) + 1; });
    const typeBox = $('type-filters');
    DATA.types.forEach((type) => {
      typeBox.append(checkRow('type', type, shapeGlyph(type, false), typeCounts[type] || 0,
        (on) => toggle(state.types, type, on)));
    });

    const sourceCounts = {};
    EDGE_SOURCES.forEach((kinds) => kinds.forEach((kind) => {
      sourceCounts[kind] = (sourceCounts[kind] || 0) + 1;
    }));
    const sourceBox = $('source-filters');
    SOURCE_TYPES.forEach((kind) => {
      const row = checkRow('source', kind, null, sourceCounts[kind] || 0,
        (on) => toggle(state.sources, kind, on));
      if (SOURCE_NOTE.get(kind)) row.title = SOURCE_NOTE.get(kind);
      sourceBox.append(row);
    });
    if (!SOURCE_TYPES.length) sourceBox.append(el('p', 'hint', 'no documents'));

    $('depth').addEventListener('change', () => {
      if (state.scope) {
        state.scope.depth = Number($('depth').value);
        apply({ fit: true });
      }
    });
    $('scope-clear').addEventListener('click', () => {
      state.scope = null;
      apply({ fit: true });
    });
    $('reset').addEventListener('click', resetFilters);
    $('fit').addEventListener('click', () => network && network.fit({ animation: false }));
    $('relayout').addEventListener('click', relayout);
  }

  function checkRow(group, value, glyph, count, onChange) {
    const input = el('input');
    input.type = 'checkbox';
    input.checked = true;
    input.value = value;
    input.dataset.filter = group;
    input.addEventListener('change', () => onChange(input.checked));
    return el('label', 'check', input, glyph, el('span', null, value), el('span', 'count', fmt(count)));
  }

  function toggle(set, value, on) {
    if (on) set.add(value); else set.delete(value);
    apply();
  }

  function resetFilters() {
    state.relations = new Set(DATA.relations);
    state.types = new Set(DATA.types);
    state.sources = new Set(SOURCE_TYPES);
    state.minLevel = 0;
    state.showDenied = true;
    state.substance = null;
    state.scope = null;
    document.querySelectorAll('input[data-filter]').forEach((input) => { input.checked = true; });
    $('min-level').value = '0';
    $('substance').value = '';
    $('show-denied').checked = true;
    apply({ fit: true });
  }

  function buildLegend() {
    const levels = $('legend-levels');
    for (let rank = LEVELS.length - 1; rank >= 0; rank--) {
      levels.append(el('div', 'legend-row', lineGlyph('#444444', LEVEL_DASHES[rank], 2, false),
        el('span', null, LEVELS[rank] + ' (' + LEVEL_NOTE[rank] + ')')));
    }
    const widths = $('legend-width');
    [1, 4, WIDE].forEach((docs) => {
      widths.append(el('div', 'legend-row', lineGlyph('#444444', false, edgeWidth(docs), false),
        el('span', null, docs === WIDE ? WIDE + ' or more documents' : plural(docs, 'document'))));
    });
    const sources = $('legend-sources');
    SOURCE_TYPES.forEach((kind) => {
      const row = el('div', 'legend-source', el('span', 'source-name', kind), ': ',
        el('span', 'source-note', SOURCE_NOTE.get(kind) || 'no description'));
      row.dataset.sourceType = kind;
      sources.append(row);
    });
    const marks = $('legend-marks');
    marks.append(el('div', 'legend-row', lineGlyph('#444444', false, 2, true),
      el('span', null, 'denied claim: every mention negates it (faded, with bars)')));
    marks.append(el('div', 'legend-row', shapeGlyph('Compound', true),
      el('span', null, 'dashed border: entity discovered in the text, not in the lexicon')));
    marks.append(el('div', 'legend-row', el('span', 'hint',
      'Bigger nodes take part in more claims.')));
  }

  function apply(opts) {
    computeVisible();
    if (network) {
      edgesView.refresh();
      nodesView.refresh();
    }
    const scope = $('scope-section');
    scope.hidden = state.scope === null;
    if (state.scope) {
      $('scope-text').textContent = 'Around ' + NODES[state.scope.centre].l;
      $('depth').value = String(state.scope.depth);
    }
    if (network && opts && opts.fit && visibleNodes.size) {
      network.fit({ nodes: Array.from(visibleNodes), animation: false });
    }
    updateStatus();
  }

  function updateStatus() {
    let text = 'Showing ' + fmt(visibleNodes.size) + ' of '
      + plural(NODES.length, 'entity', 'entities') + ', ' + fmt(visibleEdges.size) + ' of '
      + plural(EDGES.length, 'claim') + ' from ' + plural(DATA.documents.length, 'document');
    if (layoutRunning) text += ' · laying out…';
    $('status').textContent = text;
  }

  /* ---------- details panel ---------- */

  const details = $('details');

  function nodeButton(index) {
    const n = NODES[index];
    const button = el('button', 'link', shapeGlyph(n.t, n.disc), ' ', n.l);
    button.type = 'button';
    button.addEventListener('click', () => focusNode(index));
    return button;
  }

  function relationBadge(relation) {
    const badge = el('span', 'rel', relation);
    badge.style.background = relationColor(relation);
    return badge;
  }

  function levelBadge(rank) {
    return el('span', 'badge level-' + (LEVELS[rank] || 'unknown'), LEVELS[rank] || String(rank));
  }

  function showOverview() {
    clear(details);
    details.dataset.kind = 'overview';
    details.dataset.id = '';
    details.append(el('h2', null, 'How to read this graph'));
    details.append(el('p', null, 'Each node is an entity; its colour and shape give its type. '
      + 'Each arrow is a claim the corpus makes, from subject to object: colour = relation, '
      + 'width = number of documents making it, line style = strongest evidence level.'));
    details.append(el('p', 'hint', 'Click an arrow to read the sentences behind a claim. Click a '
      + 'node for its details; double-click it to see only its neighbourhood. Use the filters on '
      + 'the left and the search box above.'));
    details.append(el('h3', null, 'Corpus'));
    const byLevel = LEVELS.map(() => 0);
    EDGES.forEach((e) => { byLevel[e.l] += 1; });
    const dl = el('dl');
    dl.append(el('dt', null, 'documents'), el('dd', null, fmt(DATA.documents.length)));
    dl.append(el('dt', null, 'entities'), el('dd', null, fmt(NODES.length)));
    dl.append(el('dt', null, 'claims'), el('dd', null, fmt(EDGES.length)));
    dl.append(el('dt', null, 'denied claims'), el('dd', null, fmt(EDGES.filter((e) => e.n).length)));
    details.append(dl);
    details.append(el('h3', null, 'Claims by evidence level'));
    details.append(profileTable(byLevel));
    const byKind = new Map(SOURCE_TYPES.map((kind) => [kind, 0]));
    DATA.documents.forEach((d) => byKind.set(d.type, (byKind.get(d.type) || 0) + 1));
    details.append(el('h3', null, 'Documents by source type'));
    const table = el('table', 'profile source-documents');
    for (const [kind, count] of byKind) {
      const row = el('tr', null, el('td', null, sourceBadge(kind)), el('td', 'num', fmt(count)));
      row.dataset.sourceType = kind;
      table.append(row);
    }
    details.append(table);
  }

  function sourceBadge(kind, rule) {
    const badge = el('span', 'badge source', kind);
    const note = SOURCE_NOTE.get(kind);
    badge.title = (note || kind) + (rule ? ' (decided by: ' + rule + ')' : '');
    return badge;
  }

  /** Per source type: mentions, documents, negated and hedged mentions of a claim. */
  function sourceProfile(counts) {
    const table = el('table', 'profile source-profile');
    table.append(el('tr', null, el('th', null, 'source type'), el('th', 'num', 'mentions'),
      el('th', 'num', 'docs'), el('th', 'num', 'negated'), el('th', 'num', 'hedged')));
    const kinds = SOURCE_TYPES.filter((kind) => counts[kind])
      .concat(Object.keys(counts).filter((kind) => !SOURCE_NOTE.has(kind)).sort());
    for (const kind of kinds) {
      const [mentions, documents, negated, hedged] = counts[kind];
      const row = el('tr', null, el('td', null, sourceBadge(kind)), el('td', 'num', fmt(mentions)),
        el('td', 'num', fmt(documents)), el('td', 'num', fmt(negated)), el('td', 'num', fmt(hedged)));
      row.dataset.sourceType = kind;
      table.append(row);
    }
    return table;
  }

  /** What is known of a document: site, source type, date(s), author and its URL (a link only
   * for an http(s) address; it opens, in a new tab, only when clicked). */
  function sourceFacts(d) {
    const facts = el('span', 'meta');
    const add = (className, ...children) => {
      if (facts.childNodes.length) facts.append(' · ');
      facts.append(el('span', className, ...children));
    };
    if (d.site) add('site', d.site);
    facts.append(facts.childNodes.length ? ' · ' : '', sourceBadge(d.type, d.rule));
    if (d.issued) add('date', d.issued);
    if (d.retrieved) add('retrieved', 'retrieved ' + d.retrieved);
    if (d.author) add('author', 'by ' + d.author);
    if (d.url) {
      facts.append(' · ');
      const target = d.link ? externalLink(d.link, d.url) : el('span', null, d.url);
      target.classList.add('url');
      facts.append(target);
    }
    return facts;
  }

  function sourceItem(doc) {
    const d = DATA.documents[doc];
    const title = d.title || d.path;
    const item = el('li', 'source-doc', el('span', 'title',
      title.length > 140 ? title.slice(0, 139) + '…' : title), ' ', sourceFacts(d));
    item.dataset.path = d.path;
    return item;
  }

  function profileTable(counts) {
    const table = el('table', 'profile');
    const max = Math.max(1, ...counts);
    for (let rank = counts.length - 1; rank >= 0; rank--) {
      const bar = el('div', 'bar');
      bar.style.width = Math.round((100 * counts[rank]) / max) + '%';
      const row = el('tr', null, el('td', null, LEVELS[rank]), el('td', 'num', fmt(counts[rank])),
        el('td', null, counts[rank] ? bar : null));
      row.dataset.level = LEVELS[rank];
      table.append(row);
    }
    return table;
  }

  function claimRow(index) {
    const e = EDGES[index];
    const button = el('button', 'link', NODES[e.s].l, ' ', e.r, ' ', NODES[e.o].l);
    button.type = 'button';
    button.addEventListener('click', () => selectEdge(index, true));
    return el('li', null, button, ' ', levelBadge(e.l), e.n ? el('span', 'badge denied', 'denied')
      : null, ' ', el('span', 'hint', plural(e.d, 'doc')));
  }

  function limitedList(items, render) {
    const list = el('ul');
    const renderRange = (start, end) => {
      for (let k = start; k < end; k++) list.append(render(items[k]));
    };
    renderRange(0, Math.min(items.length, MAX_LIST));
    if (items.length <= MAX_LIST) return list;
    const more = el('button', null, 'Show all ' + fmt(items.length));
    more.type = 'button';
    more.addEventListener('click', () => {
      more.remove();
      renderRange(MAX_LIST, items.length);
    });
    return el('div', null, list, more);
  }

  function showNode(index) {
    const n = NODES[index];
    clear(details);
    details.dataset.kind = 'node';
    details.dataset.id = n.id;
    details.append(el('div', 'kind', 'Entity'));
    details.append(el('h2', 'claim-title', shapeGlyph(n.t, n.disc), el('span', 'label', n.l)));
    const dl = el('dl');
    const add = (term, value) => {
      if (value === null || value === undefined || value === '') return;
      dl.append(el('dt', null, term), el('dd', null, value));
    };
    add('type', n.t);
    add('id', n.id);
    add('origin', n.disc ? 'discovered in the text (not in the lexicon)' : 'lexicon');
    add('synonyms', n.syn.join(', '));
    add('abbreviations', n.abb.join(', '));
    add('as written', n.sf.join(', '));
    if (n.b !== null) {
      add('broader', nodeIndexById.has(n.b) ? nodeButton(nodeIndexById.get(n.b)) : n.b);
    }
    details.append(dl);
    if (n.def) details.append(el('p', 'definition', n.def));
    if (n.x.length) {
      details.append(el('h3', null, 'Identifiers'));
      const list = el('ul', 'xrefs');
      n.x.forEach(([scheme, local, iri]) => {
        list.append(el('li', null, externalLink(iri, scheme ? scheme + ': ' + local : local)));
      });
      details.append(list);
    }
    const hoodButton = el('button', null, 'Show its neighbourhood');
    hoodButton.type = 'button';
    hoodButton.id = 'show-neighbourhood';
    hoodButton.addEventListener('click', () => enterNeighbourhood(index));
    details.append(el('p', null, hoodButton));
    const out = outEdges[index];
    const incoming = inEdges[index];
    details.append(el('h3', null, 'Claims it makes (' + fmt(out.length) + ')'));
    details.append(out.length ? limitedList(out, claimRow) : el('p', 'hint', 'none'));
    details.append(el('h3', null, 'Claims about it (' + fmt(incoming.length) + ')'));
    details.append(incoming.length ? limitedList(incoming, claimRow) : el('p', 'hint', 'none'));
  }

  function cueClass(kind) {
    return ['evidence', 'hedge', 'negation'].includes(kind) ? 'cue-' + kind : 'cue-context';
  }

  function highlighted(sentence, cues) {
    /* Offsets count Unicode code points (as Python does), so split into code points first. */
    const chars = /[\uD800-\uDFFF]/.test(sentence) ? Array.from(sentence) : null;
    const slice = (a, b) => (chars ? chars.slice(a, b).join('') : sentence.slice(a, b));
    const length = chars ? chars.length : sentence.length;
    const block = el('div', 'sentence');
    let position = 0;
    for (const [kind, start, end, level] of cues) {
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < position || end <= start
        || end > length) continue;
      if (start > position) block.append(document.createTextNode(slice(position, start)));
      const mark = el('mark', 'cue ' + cueClass(kind), slice(start, end));
      mark.title = String(kind) + (level === null || level === undefined ? '' : ': ' + LEVELS[level]);
      block.append(mark);
      position = end;
    }
    if (position < length) block.append(document.createTextNode(slice(position, length)));
    return block;
  }

  function mentionBlock(m) {
    const [sentenceIndex, rank, hedged, negated, subjectText, objectText, cues] = m;
    const sentence = DATA.sentences[sentenceIndex][1];
    const tags = el('div', 'tags', levelBadge(rank),
      hedged ? el('span', 'badge hedged', 'hedged') : null,
      negated ? el('span', 'badge denied', 'negated') : null,
      subjectText || objectText ? el('span', null, '“' + subjectText + '” → “' + objectText + '”')
        : null);
    return el('div', 'mention' + (negated ? ' negated' : ''), highlighted(sentence, cues), tags);
  }

  function documentHeading(doc) {
    const d = DATA.documents[doc];
    const title = d.title || d.path;
    const heading = el('div', 'doc', title.length > 140 ? title.slice(0, 139) + '…' : title,
      el('span', 'path', d.path), sourceFacts(d));
    heading.title = title;
    return heading;
  }

  function showEdge(index) {
    const e = EDGES[index];
    clear(details);
    details.dataset.kind = 'edge';
    details.dataset.id = e.k;
    details.append(el('div', 'kind', 'Claim'));
    details.append(el('h2', 'claim-title', nodeButton(e.s), relationBadge(e.r), nodeButton(e.o)));
    details.append(el('p', null, 'Evidence: ', levelBadge(e.l), ' ',
      e.n ? el('span', 'badge denied', 'denied: every mention negates it') : null));
    const dl = el('dl', 'counts');
    dl.append(el('dt', null, 'mentions'), el('dd', 'mention-count', fmt(e.mc)));
    dl.append(el('dt', null, 'documents'), el('dd', 'document-count', fmt(e.d)));
    dl.append(el('dt', null, 'hedged'), el('dd', 'hedged-count', fmt(e.h)));
    dl.append(el('dt', null, 'negated'), el('dd', 'negated-count', fmt(e.nc)));
    details.append(dl);
    details.append(el('h3', null, 'Mentions per evidence level'));
    details.append(profileTable(e.pl));
    details.append(el('h3', null, 'Mentions per source type'));
    details.append(sourceProfile(e.st || {}));
    /* Strongest support first: mentions by evidence level (then in reading order), grouped by
       document, the documents in the order of their strongest mention. */
    const ranked = e.m.map((m, k) => [m, k]).sort((a, b) => b[0][1] - a[0][1] || a[1] - b[1]);
    const byDocument = new Map();
    ranked.forEach(([m]) => {
      const doc = DATA.sentences[m[0]][0];
      if (!byDocument.has(doc)) byDocument.set(doc, []);
      byDocument.get(doc).push(m);
    });
    details.append(el('h3', null, 'Sources (' + fmt(byDocument.size) + ')'));
    const sourceList = limitedList(Array.from(byDocument.keys()), sourceItem);
    sourceList.classList.add('sources');
    details.append(sourceList);
    details.append(el('h3', null, 'Sentences'));
    details.append(el('div', 'cue-key', el('mark', 'cue cue-evidence', 'evidence cue'),
      el('mark', 'cue cue-hedge', 'hedge'), el('mark', 'cue cue-negation', 'negation'),
      el('mark', 'cue cue-context', 'context')));
    const container = el('div', 'sentences');
    const renderGroups = (limit) => {
      clear(container);
      let shown = 0;
      for (const [doc, mentions] of byDocument) {
        if (shown >= limit) break;
        container.append(documentHeading(doc));
        for (const m of mentions) {
          if (shown >= limit) break;
          container.append(mentionBlock(m));
          shown += 1;
        }
      }
    };
    renderGroups(MAX_LIST);
    details.append(container);
    if (e.mc > e.m.length) {
      details.append(el('p', 'kept-note', 'This page keeps the ' + fmt(e.m.length) +
        ' strongest of the claim\'s ' + fmt(e.mc) + ' mentions; claims.csv and graph.ttl have ' +
        'every one.'));
    }
    if (e.m.length > MAX_LIST) {
      const more = el('button', null, 'Show all ' + fmt(e.m.length) + ' sentences');
      more.type = 'button';
      more.addEventListener('click', () => {
        more.remove();
        renderGroups(Infinity);
      });
      details.append(more);
    }
  }

  function selectEdge(index, focus) {
    if (network && visibleEdges.has(index)) {
      network.setSelection({ nodes: [], edges: [index] }, { unselectAll: true });
      if (focus) {
        const e = EDGES[index];
        network.fit({ nodes: [e.s, e.o], animation: false });
        network.moveTo({ scale: Math.min(network.getScale(), 1.5) });
      }
    }
    showEdge(index);
  }

  function focusNode(index) {
    if (!visibleNodes.has(index)) enterNeighbourhood(index);
    if (network) {
      network.selectNodes([index], !BIG);
      network.focus(index, { scale: Math.max(network.getScale(), 1.0), animation: false });
    }
    showNode(index);
  }

  function enterNeighbourhood(index) {
    state.scope = { centre: index, depth: Number($('depth').value) || 1 };
    apply({ fit: true });
    if (network) network.selectNodes([index], !BIG);
    showNode(index);
  }

  /* ---------- search ---------- */

  const haystacks = NODES.map((n) => [n.l, ...n.syn, ...n.abb, ...n.sf, n.id]
    .map((s) => s.toLowerCase()));

  function searchNodes(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const scored = [];
    haystacks.forEach((names, i) => {
      let best = Infinity;
      names.forEach((name, k) => {
        const at = name.indexOf(q);
        if (at < 0) return;
        const score = (name === q ? 0 : at === 0 ? 1 : 2) * 10 + (k === 0 ? 0 : 1);
        if (score < best) best = score;
      });
      if (best < Infinity) scored.push([best, NODES[i].l.length, i]);
    });
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return scored.slice(0, 20).map((s) => s[2]);
  }

  function buildSearch() {
    const input = $('search');
    const list = $('search-results');
    let results = [];
    let active = 0;
    const close = () => { list.hidden = true; };
    const choose = (index) => {
      close();
      input.value = NODES[index].l;
      focusNode(index);
    };
    const render = () => {
      clear(list);
      if (!input.value.trim()) { close(); return; }
      if (!results.length) list.append(el('li', 'empty', 'No entity matches'));
      results.forEach((index, k) => {
        const n = NODES[index];
        const item = el('li', null, shapeGlyph(n.t, n.disc), el('span', null, n.l),
          el('span', 'type', n.t));
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', k === active ? 'true' : 'false');
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(index);
        });
        list.append(item);
      });
      list.hidden = false;
    };
    input.addEventListener('input', () => {
      results = searchNodes(input.value);
      active = 0;
      render();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!results.length) return;
        active = (active + (event.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length;
        render();
        event.preventDefault();
      } else if (event.key === 'Enter') {
        results = searchNodes(input.value);
        if (results.length) choose(results[Math.min(active, results.length - 1)]);
        event.preventDefault();
      } else if (event.key === 'Escape') {
        close();
      }
    });
    input.addEventListener('blur', close);
  }

  /* ---------- test and automation hooks ---------- */

  function clickPoint(canvasPoint) {
    const dom = network.canvasToDOM(canvasPoint);
    const box = $('network').getBoundingClientRect();
    return { x: box.left + dom.x, y: box.top + dom.y };
  }

  Object.assign(api, {
    /** What the network has actually drawn (vis' own bookkeeping), as ids and claim keys. */
    renderedNodes: () => network.body.nodeIndices.map((i) => NODES[i].id),
    renderedClaims: () => network.body.edgeIndices
      .filter((i) => network.body.edges[i].connected).map((i) => EDGES[i].k),
    /** The selected entity ids and claim keys. */
    selection: () => ({
      nodes: network.getSelectedNodes().map((i) => NODES[i].id),
      claims: network.getSelectedEdges().map((i) => EDGES[i].k),
    }),
    physicsRunning: () => layoutRunning || Boolean(network && network.physics.physicsEnabled),
    selectEdge: (claim) => {
      const index = EDGES.findIndex((e) => e.k === claim);
      if (index < 0) return false;
      selectEdge(index, true);
      return true;
    },
    /** Zoom to a claim's two ends without selecting it. */
    zoomToClaim: (claim) => {
      const e = EDGES.find((edge) => edge.k === claim);
      if (!e) return false;
      network.fit({ nodes: [e.s, e.o], animation: false });
      return true;
    },
    focusNode: (id) => {
      if (!nodeIndexById.has(id)) return false;
      focusNode(nodeIndexById.get(id));
      return true;
    },
    /** Page coordinates (whole pixels) of a visible edge's midpoint that no node covers and no
     * other edge crosses within a pixel, for a real mouse click. */
    edgeClickPoint: (claim) => {
      const box = $('network').getBoundingClientRect();
      const onlyEdge = (x, y, i) => {
        for (let dx = -1; dx <= 1; dx++) {
          for (let dy = -1; dy <= 1; dy++) {
            const p = { x: x + dx, y: y + dy };
            if (network.getNodeAt(p) !== undefined || network.getEdgeAt(p) !== i) return false;
          }
        }
        return true;
      };
      for (const i of network.body.edgeIndices) {
        if (claim !== undefined && EDGES[i].k !== claim) continue;
        const edge = network.body.edges[i];
        if (!edge.connected) continue;
        const page = clickPoint(edge.edgeType.getPoint(0.5));
        const x = Math.round(page.x) - box.left;
        const y = Math.round(page.y) - box.top;
        if (x < 20 || y < 20 || x > box.width - 20 || y > box.height - 20) continue;
        if (onlyEdge(x, y, i)) return { claim: EDGES[i].k, x: x + box.left, y: y + box.top };
      }
      return null;
    },
    nodeClickPoint: (id) => {
      const index = nodeIndexById.get(id);
      if (index === undefined || !visibleNodes.has(index)) return null;
      return clickPoint(network.getPosition(index));
    },
  });

  buildFilters();
  buildLegend();
  buildSearch();
  showOverview();
  updateStatus();
  api.timings.layoutStart = performance.now();
  runLayout(NODES.map((_, i) => i), EDGES.map((_, i) => i), null, BIG ? 300 : 800, (positions) => {
    api.timings.layoutDone = performance.now();
    try {
      createNetwork(positions);
    } catch (error) {
      fail('The graph could not be drawn: ' + error.message);
      return;
    }
    if (!NODES.length) {
      details.append(el('p', 'hint', 'The graph is empty: no claims were found in the corpus.'));
    }
  });
})();
