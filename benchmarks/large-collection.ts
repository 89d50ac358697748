// Loading GeoJSON larger than one JavaScript string: a 600 MB FeatureCollection of population points.
// Writes benchmarks/LARGE-INPUT-RESULTS.md. Run: npx tsx benchmarks/large-collection.ts [--mb 600]
//
// Each reader runs in its own child process so that its peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const cache = `${here}.cache/large`;

/** One feature per line (the layout of osmium and ogr2ogr), or everything on one line. */
async function writeCollection(path: string, targetMb: number, oneLine: boolean): Promise<number> {
  if (existsSync(path) && statSync(path).size >= targetMb * 1e6) return statSync(path).size;
  mkdirSync(cache, { recursive: true });
  const out = createWriteStream(path);
  const nl = oneLine ? '' : '\n';
  out.write(`{"type":"FeatureCollection","name":"population","features":[${nl}`);
  let a = 1530, written = 0, i = 0;
  const rand = () => ((a = (a * 1103515245 + 12345) >>> 0) / 2 ** 32);
  while (written < targetMb * 1e6) {
    const line = `${i ? `,${nl}` : ''}{"type":"Feature","properties":{"id":"P${i}","population":${(1 + rand() * 40).toFixed(1)},"community":"C${i % 3000}","name":"第${i}号楼"},"geometry":{"type":"Point","coordinates":[${(113.1 + rand() * 0.5).toFixed(7)},${(22.9 + rand() * 0.4).toFixed(7)}]}}`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
    i++;
  }
  out.end(`${nl}]}${nl}`);
  await once(out, 'finish');
  return statSync(path).size;
}

/** Runs one reader in a child: prints JSON {features, ms, peakMiB}. */
function measure(path: string, reader: 'readFeatures' | 'streamCollection'): { features: number; ms: number; peakMiB: number } {
  const script = `
    const t0 = performance.now();
    const mod = await import(${JSON.stringify(`${here}../src/io/${reader === 'readFeatures' ? 'read-geojson' : 'stream-geojson'}.ts`)});
    const features = await mod.${reader}(${JSON.stringify(path)});
    const ms = performance.now() - t0;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ features: features.length, ms, peakMiB }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=16000', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const mb = Number(process.argv[process.argv.indexOf('--mb') + 1]) || 600;
const big = `${cache}/population-${mb}mb.geojson`;
const oneLine = `${cache}/population-60mb-one-line.geojson`;
const bigSize = await writeCollection(big, mb, false);
const oneLineSize = await writeCollection(oneLine, 60, true);

const rows: string[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const run = (label: string, path: string, size: number, reader: 'readFeatures' | 'streamCollection') => {
  const r = measure(path, reader);
  const line = `| ${label} | ${fmt(size / 2 ** 20)} | ${fmt(r.features)} | ${(r.ms / 1000).toFixed(1)} | ${fmt((size / 2 ** 20) / (r.ms / 1000))} | ${fmt(r.peakMiB)} |`;
  console.log(line);
  rows.push(line);
};
run('one feature per line, `readFeatures` (line-by-line JSON.parse)', big, bigSize, 'readFeatures');
run('one feature per line, stream-json (token stream)', big, bigSize, 'streamCollection');
run('all on one line, stream-json (what a one-line file over 400 MB goes through)', oneLine, oneLineSize, 'streamCollection');
run('all on one line, `readFeatures` (JSON.parse: under 400 MB)', oneLine, oneLineSize, 'readFeatures');

const md = `# Large inputs

Written by \`npx tsx benchmarks/large-collection.ts --mb ${mb}\` on ${new Date().toISOString().slice(0, 10)}:
${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; load average before the run ${loadavg().map((x) => x.toFixed(2)).join(' / ')}.

A FeatureCollection of population points (id, population, community, a Chinese name) larger than
Node's largest string (about 512 MB) cannot go through \`JSON.parse\`. Above 400 MB \`readFeatures\`
reads a file that holds one feature per line (the layout osmium, ogr2ogr and lifecircle write) line by
line with \`JSON.parse\`, and any other layout with stream-json's token stream. Each row ran in a fresh
process; peak RSS is that process's.

| file | MiB | features | seconds | MiB/s | peak RSS (MiB) |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
writeFileSync(`${here}LARGE-INPUT-RESULTS.md`, md);
console.log(md);
