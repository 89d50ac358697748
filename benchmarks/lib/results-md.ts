import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { StageRecord } from './stage-timer.js';
import type { TreeComparison } from '../peers/shortest-path-trees.js';
import type { IndexRun } from '../peers/linking-indexes.js';
import type { NaiveComparison } from '../peers/naive-per-resident.js';
import type { NativeTimes } from './native.js';
import { renderWholeCommand, type WholeCommandResult } from './whole-command.js';
import { renderCoverage, type CoverageResult } from './coverage-results.js';

/** Everything one `npm run bench` prints, kept as JSON per size so RESULTS.md can hold every size. */
export interface BenchResult {
  size: string;
  seed: number;
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; platform: string; loadAverage: number[] };
  node: string;
  gxx: string;
  city: { features: number; nodes: number; edges: number; segments: number; facilities: number; residents: number; categories: number; bucketWidthM: number };
  stages: StageRecord[];
  peakRssMiB: number;
  trees?: TreeComparison;
  linking?: (Omit<IndexRun, 'segments'> & { agrees: boolean })[];
  naive?: NaiveComparison;
  native?: { sources: number; native: NativeTimes; oursTreeMs: number; oursFieldMs: number; treeRatio: number; fieldRatio: number; checksumsAgree: boolean };
  parallel?: { workers: number; categories: number; oneCoreMs: number; parallelMs: number; setupMs: number; speedup: number; agrees: boolean };
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

export function renderResult(r: BenchResult): string {
  const out: string[] = [];
  out.push(`## Size ${r.size} (seed ${r.seed})`, '');
  out.push(`${r.date} · ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB · Node ${r.node} · g++ ${r.gxx} · load average before the run ${(r.machine.loadAverage ?? []).map(f2).join(' / ') || 'not recorded'} (1 / 5 / 15 min; other work on the machine slows every timing)`, '');
  const c = r.city;
  out.push(`Network: ${int(c.features)} line features → ${int(c.nodes)} nodes, ${int(c.edges)} edges, ${int(c.segments)} segments; ${int(c.facilities)} facilities in ${c.categories} categories; ${int(c.residents)} population points. Queue bin ${f2(c.bucketWidthM)} m.`, '');
  out.push('| stage | time (ms) | peak RSS so far (MiB) | detail |', '|---|---:|---:|---|');
  for (const s of r.stages) out.push(`| ${s.name} | ${f1(s.ms)} | ${int(s.peakRssMiB)} | ${s.detail ?? ''} |`);
  out.push('', `Peak RSS of the run: ${int(r.peakRssMiB)} MiB.`, '');
  if (r.native) {
    const n = r.native;
    out.push('**Native parity** (plain C++ `std::priority_queue` Dijkstra, `g++ -O2`, same CSR arrays; best of repeats; ratio = ours / C++, below 1 is faster):', '');
    out.push('| task | ours (ms) | C++ (ms) | ratio |', '|---|---:|---:|---:|');
    out.push(`| full shortest-path tree | ${f1(n.oursTreeMs)} | ${f1(n.native.treeMs)} | ${f2(n.treeRatio)} |`);
    out.push(`| ${int(n.sources)}-source field | ${f1(n.oursFieldMs)} | ${f1(n.native.fieldMs)} | ${f2(n.fieldRatio)} |`);
    out.push('', `Distance checksums agree: ${n.checksumsAgree ? 'yes' : 'NO'}.`, '');
  }
  if (r.trees) {
    const t = r.trees;
    out.push(`**Shortest-path tree peers** (one source, ${int(t.reached)} nodes reached; ours ${f1(t.oursMs)} ms):`, '');
    out.push('| peer | how | graph build (ms) | tree (ms) | ours faster by | same distance |', '|---|---|---:|---:|---:|---|');
    for (const p of t.peers) out.push(`| ${p.peer} | ${p.method} | ${f1(p.buildMs)} | ${f1(p.ms)} | ${f1(p.speedup)}x | ${p.agrees ? 'yes' : 'NO'} |`);
    out.push('');
  }
  if (r.linking) {
    out.push('**Linking indexes** (same segments and points, nearest segment, exact; identical answers checked):', '');
    out.push('| index | build (ms) | link all points (ms) | same answers as flatbush |', '|---|---:|---:|---|');
    for (const l of r.linking) out.push(`| ${l.index} | ${f1(l.buildMs)} | ${f1(l.queryMs)} | ${l.agrees ? 'yes' : 'NO'} |`);
    out.push('');
  }
  if (r.naive) {
    const n = r.naive;
    const sampled = n.sampled < n.residents ? ` The naive approach ran on an evenly spaced sample of ${int(n.sampled)} residents; its time for all ${int(n.residents)} is that time scaled by ${f1(n.residents / n.sampled)}.` : '';
    out.push(`**Naive approach** (per resident: turf straight-line buffer of ${int(n.thresholdM)} m, then one Dijkstra; against one multi-source search per category, ${n.categories} categories).${sampled}`, '');
    out.push('| ours (ms) | naive, measured (ms) | naive, all residents (ms) | ours faster by | pairs compared | mismatches |', '|---:|---:|---:|---:|---:|---:|');
    out.push(`| ${f1(n.oursMs)} | ${f1(n.naiveMs)} | ${f1(n.naiveAllMs)} | ${f1(n.speedup)}x | ${int(n.pairs)} | ${n.mismatches} |`, '');
  }
  if (r.parallel) {
    const p = r.parallel;
    out.push(`**Both cores** (route stage: ${p.categories} category fields and each facility's distance to every category; ParallelRouter, the calling thread and ${p.workers} worker thread(s) over shared typed arrays): one core ${f1(p.oneCoreMs)} ms, parallel ${f1(p.parallelMs)} ms (plus ${f1(p.setupMs)} ms once to share the network and start the workers), speedup ${f2(p.speedup)}x; same answers: ${p.agrees ? 'yes' : 'NO'}.`, '');
  }
  return out.join('\n');
}

const HEADER = `# Benchmark results

Written by \`npm run bench -- --size S|M|L|XL\`, \`npm run bench -- --size <size> --whole [--rounds N]\` and \`--coverage\` (benchmarks/run.ts)
on seeded synthetic cities (benchmarks/synthetic-city.ts; \`spread-\` sizes lay the same counts over a
Guangzhou-sized extent with capacities on); each size's section is replaced when that size is run again, and the
raw figures are in \`benchmarks/results/<size>.json\`, \`whole-<size>.json\` and \`coverage-<size>.json\`. Every figure here was printed by the benchmark.
Single-shot stage times move with other load on the machine (the load average is given per run);
the hot-loop comparisons (native, peers, both cores) are best-of-repeats. The engine changes behind
these figures, each measured, are in ENGINE-CHANGES.md.
`;

const ORDER = ['S', 'M', 'L', 'XL', 'spread-S', 'spread-M', 'spread-L', 'spread-XL'];

/** Rewrites RESULTS.md from every size's JSON in resultsDir: the whole command first, then the stages. */
export function writeResultsMd(resultsDir: string, mdPath: string): void {
  const read = <T extends { size: string }>(pick: (f: string) => boolean) => readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json') && pick(f))
    .map((f) => JSON.parse(readFileSync(`${resultsDir}/${f}`, 'utf8')) as T)
    .sort((a, b) => ORDER.indexOf(a.size) - ORDER.indexOf(b.size));
  const whole = read<WholeCommandResult>((f) => f.startsWith('whole-'));
  // Only the core benchmark's own files (S.json, spread-L.json, ...): readers-*.json and report-*.json are other benchmarks'.
  const results = read<BenchResult>((f) => /^(spread-)?(S|M|L|XL)\.json$/.test(f));
  const coverage = read<CoverageResult>((f) => f.startsWith('coverage-'));
  writeFileSync(mdPath, [HEADER, renderWholeCommand(whole), renderCoverage(coverage), ...results.map(renderResult)].filter(Boolean).join('\n') + '\n');
}
