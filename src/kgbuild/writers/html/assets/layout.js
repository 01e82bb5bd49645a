/* kgbuild graph view: a ForceAtlas2 layout (Jacomy et al. 2014) with a Barnes-Hut quadtree.
 *
 * It runs in short slices on the page's main thread, so that the page stays responsive while a
 * large graph is laid out, and it stops by itself once the layout is stable (the mean move per
 * iteration falls below a small fraction of the mean edge length) or after an iteration budget.
 * Everything is deterministic: the same graph always gets the same picture.
 *
 * window.kgLayout.create(nodeCount, sources, targets, options) -> layout
 *   layout.step() -> true once finished;  layout.x / layout.y: Float64Array positions;
 *   layout.iteration, layout.maxIterations, layout.done.
 */
(function () {
  'use strict';

  const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
  const MAX_DEPTH = 40;

  /** Start positions: a sunflower spiral in breadth-first order from the biggest hubs, so that
   * neighbours start close to each other and hubs near the centre. */
  function spiral(n, adjacency, degree, x, y) {
    const order = [];
    const seen = new Uint8Array(n);
    const byDegree = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[b] - degree[a] || a - b);
    for (const root of byDegree) {
      if (seen[root]) continue;
      seen[root] = 1;
      const queue = [root];
      for (let head = 0; head < queue.length; head++) {
        const node = queue[head];
        order.push(node);
        for (const next of adjacency[node]) {
          if (!seen[next]) { seen[next] = 1; queue.push(next); }
        }
      }
    }
    order.forEach((node, k) => {
      const r = 10 * Math.sqrt(k + 0.5);
      x[node] = r * Math.cos(k * GOLDEN_ANGLE);
      y[node] = r * Math.sin(k * GOLDEN_ANGLE);
    });
  }

  class QuadTree {
    constructor(capacity) {
      this.grow(capacity);
    }

    grow(capacity) {
      this.capacity = capacity;
      this.x0 = new Float64Array(capacity);
      this.y0 = new Float64Array(capacity);
      this.size = new Float64Array(capacity);
      this.mass = new Float64Array(capacity);
      this.mx = new Float64Array(capacity);
      this.my = new Float64Array(capacity);
      this.kind = new Int8Array(capacity); // 0 empty leaf, 1 leaf, 2 internal
      this.body = new Int32Array(capacity);
      this.child = new Int32Array(capacity * 4);
    }

    cell(x0, y0, size) {
      if (this.count === this.capacity) return -1;
      const c = this.count++;
      this.x0[c] = x0; this.y0[c] = y0; this.size[c] = size;
      this.mass[c] = 0; this.mx[c] = 0; this.my[c] = 0;
      this.kind[c] = 0; this.body[c] = -1;
      this.child.fill(-1, c * 4, c * 4 + 4);
      return c;
    }

    childFor(c, px, py) {
      const half = this.size[c] / 2;
      const q = (px >= this.x0[c] + half ? 1 : 0) + (py >= this.y0[c] + half ? 2 : 0);
      let ch = this.child[c * 4 + q];
      if (ch < 0) {
        ch = this.cell(this.x0[c] + (q & 1 ? half : 0), this.y0[c] + (q & 2 ? half : 0), half);
        if (ch < 0) return -1;
        this.child[c * 4 + q] = ch;
      }
      return ch;
    }

    /** Build the tree of all bodies; returns false if it ran out of cells (then grow and retry). */
    build(n, x, y, m, next) {
      let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
      for (let i = 0; i < n; i++) {
        if (x[i] < minX) minX = x[i];
        if (x[i] > maxX) maxX = x[i];
        if (y[i] < minY) minY = y[i];
        if (y[i] > maxY) maxY = y[i];
      }
      const size = Math.max(maxX - minX, maxY - minY, 1) * 1.0001;
      this.count = 0;
      this.cell(minX, minY, size);
      for (let i = 0; i < n; i++) {
        let c = 0;
        let depth = 0;
        for (;;) {
          this.mass[c] += m[i]; this.mx[c] += m[i] * x[i]; this.my[c] += m[i] * y[i];
          if (this.kind[c] === 0) {
            this.kind[c] = 1; this.body[c] = i; next[i] = -1;
            break;
          }
          if (this.kind[c] === 1) {
            if (depth >= MAX_DEPTH) { // (nearly) coincident bodies share one leaf
              next[i] = this.body[c]; this.body[c] = i;
              break;
            }
            const j = this.body[c];
            const ch = this.childFor(c, x[j], y[j]);
            if (ch < 0) return false;
            this.kind[ch] = 1; this.body[ch] = j;
            this.mass[ch] = m[j]; this.mx[ch] = m[j] * x[j]; this.my[ch] = m[j] * y[j];
            this.kind[c] = 2; this.body[c] = -1;
          }
          c = this.childFor(c, x[i], y[i]);
          if (c < 0) return false;
          depth++;
        }
      }
      for (let c = 0; c < this.count; c++) {
        if (this.mass[c] > 0) { this.mx[c] /= this.mass[c]; this.my[c] /= this.mass[c]; }
      }
      return true;
    }
  }

  function create(n, sources, targets, options) {
    const opts = Object.assign({ scaling: 2, gravity: 1, theta: 1.2, maxIterations: 600,
      minIterations: 60, tolerance: 0.003, dissuadeHubs: false, start: null }, options || {});
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const fx = new Float64Array(n);
    const fy = new Float64Array(n);
    const oldFx = new Float64Array(n);
    const oldFy = new Float64Array(n);
    const mass = new Float64Array(n);
    const next = new Int32Array(n);
    const adjacency = Array.from({ length: n }, () => []);
    for (let e = 0; e < sources.length; e++) {
      mass[sources[e]] += 1; mass[targets[e]] += 1;
      adjacency[sources[e]].push(targets[e]);
      adjacency[targets[e]].push(sources[e]);
    }
    const degree = Float64Array.from(mass);
    for (let i = 0; i < n; i++) mass[i] += 1;
    if (opts.start) {
      x.set(opts.start.x); y.set(opts.start.y);
    } else {
      spiral(n, adjacency, degree, x, y);
    }
    const tree = new QuadTree(Math.max(64, 4 * n + 16));
    const stack = new Int32Array(MAX_DEPTH * 4 * 4 + 64);
    const theta2 = opts.theta * opts.theta;
    const kr = opts.scaling;
    let speed = 1;
    let speedEfficiency = 1;

    function repulsion() {
      while (!tree.build(n, x, y, mass, next)) tree.grow(tree.capacity * 2);
      for (let i = 0; i < n; i++) {
        const xi = x[i]; const yi = y[i]; const mi = mass[i];
        let sx = 0; let sy = 0; let top = 0;
        stack[top++] = 0;
        while (top > 0) {
          const c = stack[--top];
          if (tree.mass[c] === 0) continue;
          if (tree.kind[c] === 1) {
            for (let j = tree.body[c]; j >= 0; j = next[j]) {
              if (j === i) continue;
              let dx = xi - x[j]; let dy = yi - y[j];
              let d2 = dx * dx + dy * dy;
              if (d2 < 1e-4) { dx = ((i * 7919) % 13 - 6) * 0.01 + 0.001; dy = ((i * 104729) % 11 - 5) * 0.01; d2 = dx * dx + dy * dy; }
              const f = (kr * mi * mass[j]) / d2;
              sx += dx * f; sy += dy * f;
            }
            continue;
          }
          const dx = xi - tree.mx[c]; const dy = yi - tree.my[c];
          const d2 = dx * dx + dy * dy;
          const s = tree.size[c];
          if (s * s < theta2 * d2) {
            const f = (kr * mi * tree.mass[c]) / d2;
            sx += dx * f; sy += dy * f;
          } else {
            for (let q = 0; q < 4; q++) {
              const ch = tree.child[c * 4 + q];
              if (ch >= 0 && top < stack.length) stack[top++] = ch;
            }
          }
        }
        fx[i] = sx; fy[i] = sy;
      }
    }

    function attraction() {
      let total = 0;
      for (let e = 0; e < sources.length; e++) {
        const s = sources[e]; const t = targets[e];
        if (s === t) continue;
        const dx = x[t] - x[s]; const dy = y[t] - y[s];
        total += Math.sqrt(dx * dx + dy * dy);
        const ks = opts.dissuadeHubs ? 1 / mass[s] : 1;
        const kt = opts.dissuadeHubs ? 1 / mass[t] : 1;
        fx[s] += dx * ks; fy[s] += dy * ks;
        fx[t] -= dx * kt; fy[t] -= dy * kt;
      }
      return sources.length ? total / sources.length : 1;
    }

    function gravity() {
      for (let i = 0; i < n; i++) {
        const d = Math.sqrt(x[i] * x[i] + y[i] * y[i]);
        if (d > 0) {
          const f = (opts.gravity * mass[i]) / d;
          fx[i] -= x[i] * f; fy[i] -= y[i] * f;
        }
      }
    }

    /** Gephi's adaptive speed: fast while forces agree, slow where nodes swing. */
    function move() {
      let swinging = 0; let traction = 0;
      for (let i = 0; i < n; i++) {
        const sx = oldFx[i] - fx[i]; const sy = oldFy[i] - fy[i];
        const tx = oldFx[i] + fx[i]; const ty = oldFy[i] + fy[i];
        swinging += mass[i] * Math.sqrt(sx * sx + sy * sy);
        traction += 0.5 * mass[i] * Math.sqrt(tx * tx + ty * ty);
      }
      const estimate = 0.05 * Math.sqrt(n);
      let jitter = Math.max(Math.sqrt(estimate), Math.min(10, (estimate * traction) / (n * n)));
      if (traction > 0 && swinging / traction > 2) {
        if (speedEfficiency > 0.05) speedEfficiency *= 0.5;
        jitter = Math.max(jitter, 1);
      }
      const target = swinging > 0 ? (jitter * speedEfficiency * traction) / swinging : speed;
      if (swinging > jitter * traction) {
        if (speedEfficiency > 0.05) speedEfficiency *= 0.7;
      } else if (speed < 1000) {
        speedEfficiency *= 1.3;
      }
      speed += Math.min(target - speed, 0.5 * speed);
      let moved = 0;
      for (let i = 0; i < n; i++) {
        const sx = oldFx[i] - fx[i]; const sy = oldFy[i] - fy[i];
        const swing = mass[i] * Math.sqrt(sx * sx + sy * sy);
        const factor = speed / (1 + Math.sqrt(speed * swing));
        const dx = fx[i] * factor; const dy = fy[i] * factor;
        x[i] += dx; y[i] += dy;
        moved += Math.sqrt(dx * dx + dy * dy);
        oldFx[i] = fx[i]; oldFy[i] = fy[i];
      }
      return n ? moved / n : 0;
    }

    const layout = { x, y, iteration: 0, maxIterations: opts.maxIterations, done: n < 2,
      meanMove: 0, meanEdge: 0 };
    let calm = 0;
    layout.step = function step() {
      if (layout.done) return true;
      repulsion();
      layout.meanEdge = attraction();
      gravity();
      layout.meanMove = move();
      layout.iteration += 1;
      calm = layout.meanMove < opts.tolerance * Math.max(layout.meanEdge, 1) ? calm + 1 : 0;
      if ((layout.iteration >= opts.minIterations && calm >= 5)
        || layout.iteration >= opts.maxIterations) layout.done = true;
      return layout.done;
    };
    return layout;
  }

  /** Push apart nodes whose boxes (node and its label) overlap; for small graphs, where labels
   * are read. `boxes[i]` = [half width, half height]; positions are changed in place. */
  function declutter(x, y, boxes, rounds) {
    const n = x.length;
    for (let round = 0; round < (rounds || 60); round++) {
      let moved = false;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = x[j] - x[i]; const dy = y[j] - y[i];
          const ox = boxes[i][0] + boxes[j][0] + 4 - Math.abs(dx);
          const oy = boxes[i][1] + boxes[j][1] + 4 - Math.abs(dy);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          if (ox < oy) {
            const push = (ox / 2) * (dx < 0 ? -1 : 1) || ox / 2;
            x[i] -= push; x[j] += push;
          } else {
            const push = (oy / 2) * (dy < 0 ? -1 : 1) || oy / 2;
            y[i] -= push; y[j] += push;
          }
        }
      }
      if (!moved) return round;
    }
    return rounds || 60;
  }

  window.kgLayout = { create, declutter };
})();
