// Experiment behind benchmarks/ENGINE-CHANGES.md: queue variants for the same search on a shuffled
// jittered grid of about N edges (binary heap as NetworkSearch had it, inline 2- and 4-ary heaps,
// bucket queues of several widths, LIFO or FIFO bins). All variants must print the same sums.
//   npx tsx benchmarks/experiments/queues-grid.ts 1000000
import { gridCity, mulberry32 } from '../lib/grid-city.js';
import { buildNetwork } from '../../src/network/build-network.js';

const net = buildNetwork(gridCity(Number(process.argv[2] ?? 1e6), 1), { walkable: () => true });
const { adjStart, adjNode, adjLengthM, nodeCount: n } = net;
const rand = mulberry32(9);
const seeds = Array.from({ length: 6000 }, () => ({ node: Math.floor(rand() * n), d: rand() * 300 }));
const dist = new Float64Array(n), label = new Int32Array(n), stamp = new Uint32Array(n);
let gen = 0;
type Run = (s: { node: number; d: number }[]) => void;

function bucket(W: number, fifo: boolean): Run {
  let heads = new Int32Array(1024).fill(-1), tails = new Int32Array(1024).fill(-1);
  let eNode = new Int32Array(n * 2), eDist = new Float64Array(n * 2), eNext = new Int32Array(n * 2);
  const inv = 1 / W;
  return (srcs) => {
    gen++;
    let top = 0, pool = 0, lo = 1 << 30;
    const push = (v: number, nd: number) => {
      const b = (nd * inv) | 0;
      if (b >= heads.length) { const h = new Int32Array(b * 2).fill(-1); h.set(heads); heads = h; const t = new Int32Array(b * 2).fill(-1); t.set(tails); tails = t; }
      if (pool === eNode.length) { const a = new Int32Array(pool * 2); a.set(eNode); eNode = a; const c = new Int32Array(pool * 2); c.set(eNext); eNext = c; const f = new Float64Array(pool * 2); f.set(eDist); eDist = f; }
      eNode[pool] = v; eDist[pool] = nd;
      if (fifo) { eNext[pool] = -1; if (heads[b] < 0) heads[b] = pool; else eNext[tails[b]] = pool; tails[b] = pool; }
      else { eNext[pool] = heads[b]; heads[b] = pool; }
      pool++;
      if (b > top) top = b;
      if (b < lo) lo = b;
    };
    for (const s of srcs) { if (stamp[s.node] === gen && dist[s.node] <= s.d) continue; stamp[s.node] = gen; dist[s.node] = s.d; label[s.node] = 0; push(s.node, s.d); }
    for (let cur = lo; cur <= top; cur++) {
      let p;
      while ((p = heads[cur]) >= 0) {
        heads[cur] = eNext[p];
        const u = eNode[p], d = eDist[p];
        if (d > dist[u]) continue;
        const l = label[u];
        for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
          const v = adjNode[a];
          const nd = d + adjLengthM[a];
          if (stamp[v] !== gen) stamp[v] = gen;
          else if (nd >= dist[v]) continue;
          dist[v] = nd; label[v] = l;
          push(v, nd);
        }
      }
    }
  };
}

function dary(D: number): Run {
  let hn = new Int32Array(n * 2), hk = new Float64Array(n * 2);
  return (srcs) => {
    gen++;
    let len = 0;
    const push = (node: number, key: number) => {
      if (len === hn.length) { const a = new Int32Array(len * 2); a.set(hn); hn = a; const b = new Float64Array(len * 2); b.set(hk); hk = b; }
      let i = len++;
      while (i > 0) { const p = ((i - 1) / D) | 0; const pk = hk[p]; if (pk <= key) break; hn[i] = hn[p]; hk[i] = pk; i = p; }
      hn[i] = node; hk[i] = key;
    };
    for (const s of srcs) { if (stamp[s.node] === gen && dist[s.node] <= s.d) continue; stamp[s.node] = gen; dist[s.node] = s.d; label[s.node] = 0; push(s.node, s.d); }
    while (len > 0) {
      const u = hn[0], d = hk[0];
      const last = --len;
      if (last > 0) {
        const node = hn[last], key = hk[last];
        let i = 0;
        for (;;) {
          const first = D * i + 1;
          if (first >= last) break;
          let c = first, ck = hk[first];
          const stop = Math.min(first + D, last);
          for (let j = first + 1; j < stop; j++) if (hk[j] < ck) { c = j; ck = hk[j]; }
          if (ck >= key) break;
          hn[i] = hn[c]; hk[i] = ck; i = c;
        }
        hn[i] = node; hk[i] = key;
      }
      if (d > dist[u]) continue;
      const l = label[u];
      for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
        const v = adjNode[a];
        const nd = d + adjLengthM[a];
        if (stamp[v] !== gen) stamp[v] = gen;
        else if (nd >= dist[v]) continue;
        dist[v] = nd; label[v] = l;
        push(v, nd);
      }
    }
  };
}

const sum = () => { let s = 0; for (let i = 0; i < n; i++) if (stamp[i] === gen) s += dist[i]; return s; };
const variants: [string, Run][] = [
  ['2-ary heap', dary(2)],
  ['4-ary heap', dary(4)],
  ...[0.5, 1, 2, 5, 10, 20].flatMap((w): [string, Run][] => [[`bucket W=${w} lifo`, bucket(w, false)], [`bucket W=${w} fifo`, bucket(w, true)]]),
];
const tree = [{ node: n >> 1, d: 0 }];
for (const [name, fn] of variants) {
  const best = (s: typeof tree) => { let b = Infinity; for (let r = 0; r < 7; r++) { const t = performance.now(); fn(s); b = Math.min(b, performance.now() - t); } return b; };
  const t1 = best(tree); const s1 = sum();
  const t2 = best(seeds); const s2 = sum();
  console.log(name.padEnd(22), 'tree', t1.toFixed(1), 'field', t2.toFixed(1), 'sums', s1.toFixed(4), s2.toFixed(4));
}
