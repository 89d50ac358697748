// Odd-but-usable input never passes silently (issue 15, "What to deliver" 3): each oddity goes on with
// a warning naming file, feature and field, printed on stderr and counted in summary.json's
// diagnostics; a table mixing encodings is refused naming the rows. One CLI run per oddity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { line, ll, point } from './support/geo.js';

const { dir, put } = scratchDir('lc-odd-');

const ring = (coords: [number, number][]) => coords.map(([x, y]) => ll(x, y));
const community = (coords: [number, number][], properties: Record<string, unknown>) => ({
  type: 'Feature', properties: { kind: 'urban', population: 1000, ...properties }, geometry: { type: 'Polygon', coordinates: [ring(coords)] },
});
const square = (x0: number, x1: number): [number, number][] => [[x0, -50], [x1, -50], [x1, 50], [x0, 50], [x0, -50]];
const streets = [line(Array.from({ length: 16 }, (_, i) => [i * 100, 0] as [number, number]), { highway: 'residential' })];
const goodCommunities = [community(square(0, 600), { id: 'A', name: 'A社区' }), community(square(800, 1400), { id: 'B', name: 'B社区' })];
const goodFacilities = [point(300, 0, { id: 'H1', category: 'health' })];

interface Warning { code: string; file?: string; row?: number; field?: string; message: string }

/** Runs analyze with the given files (defaults for the rest); returns exit code, stderr and summary.json's warnings. */
async function analyzeWith(name: string, files: { network?: unknown[]; facilities?: unknown[] | string; communities?: unknown[] }) {
  const path = (kind: string, value: unknown) => (typeof value === 'string' ? value : put(`${name}-${kind}.geojson`, fc(value as unknown[])));
  const inputs = {
    network: path('network', files.network ?? streets),
    facilities: path('facilities', files.facilities ?? goodFacilities),
    communities: path('communities', files.communities ?? goodCommunities),
  };
  const out = join(dir, `out-${name}`);
  const r = await runCli(['analyze', '--network', inputs.network, '--facilities', inputs.facilities, '--communities', inputs.communities, '--out', out]);
  if (r.code !== 0) return { ...r, inputs, warnings: [] as Warning[], warningCount: 0 };
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const warnings = [...summary.diagnostics.warnings, ...(summary.inputNotes ?? []).filter((n: { level: string }) => n.level === 'warning')] as Warning[];
  return { ...r, inputs, warnings, warningCount: summary.diagnostics.warningCount as number };
}

const cases: { name: string; files: Parameters<typeof analyzeWith>[1]; code: string; input: 'network' | 'facilities' | 'communities'; row: number; field: RegExp }[] = [
  {
    name: 'an unclosed community ring is closed',
    files: { communities: [goodCommunities[0], community(square(800, 1400).slice(0, 4), { id: 'B', name: 'B社区' })] },
    code: 'ring-unclosed', input: 'communities', row: 1, field: /geometry\.coordinates/,
  },
  {
    name: 'a community of no area (one point repeated) is flagged',
    files: { communities: [goodCommunities[0], community([[900, 0], [900, 0], [900, 0], [900, 0]], { id: 'Z', name: 'Z社区' })] },
    code: 'community-zero-area', input: 'communities', row: 1, field: /geometry/,
  },
  {
    name: 'a community whose ring crosses itself (a bow tie) is flagged',
    files: { communities: [goodCommunities[0], community([[800, -50], [1400, 50], [1400, -50], [800, 50], [800, -50]], { id: 'X', name: 'X社区' })] },
    code: 'community-self-intersecting', input: 'communities', row: 1, field: /geometry\.coordinates \(polygon 0, ring 0\)/,
  },
  {
    name: 'a network line of one distinct position is dropped',
    files: { network: [...streets, line([[500, 500], [500, 500]], { highway: 'residential' })] },
    code: 'line-degenerate', input: 'network', row: 1, field: /geometry\.coordinates/,
  },
  {
    name: 'a facility no rule categorises is listed',
    files: { facilities: [...goodFacilities, point(700, 0, { id: 'Q1', name: 'something else' })] },
    code: 'facility-uncategorized', input: 'facilities', row: 1, field: /properties\.category/,
  },
  {
    name: 'a polygon where a point is expected is measured from one point of it',
    files: { facilities: [...goodFacilities, community(square(1000, 1100), { id: 'P1', category: 'education' })] },
    code: 'non-point-reduced', input: 'facilities', row: 1, field: /geometry\.type/,
  },
];

describe('odd but usable input: a warning naming file, feature and field, counted in summary.json', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await analyzeWith(c.code, c.files);
    expect(r.code, r.stderr).toBe(0);
    const w = r.warnings.find((x) => x.code === c.code);
    expect(w, `${c.code} in ${JSON.stringify(r.warnings.map((x) => x.code))}`).toBeDefined();
    expect(w!.file).toBe(r.inputs[c.input]);
    expect(w!.row).toBe(c.row);
    expect(w!.field).toMatch(c.field);
    expect(r.warningCount).toBeGreaterThanOrEqual(r.warnings.length);
    expect(r.warningCount).toBeGreaterThan(0);
    // Said on stderr too, naming the file.
    expect(r.stderr).toMatch(/warning/i);
    expect(r.stderr).toContain(r.inputs[c.input].split('/').pop()!);
  }, 30_000);

  it('a clean run has no warnings: the ones above are about the oddity, not the map', async () => {
    const r = await analyzeWith('clean', {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual([]);
    expect(r.warningCount).toBe(0);
  });

  it('a UTF-8 POI table with one GBK row is refused naming the row, never decoded as GB18030 whole', async () => {
    const rows = ['lon,lat,category,name', ...Array.from({ length: 40 }, (_, i) => `${(113.3 + i * 0.0002).toFixed(6)},23.1,health,卫生服务站${i}`)];
    const utf8 = Buffer.from(`${rows.join('\n')}\n`, 'utf8');
    const gbkRow = Buffer.concat([Buffer.from('113.3012,23.1,health,'), iconv.encode('社区卫生站', 'gbk'), Buffer.from('\n')]);
    const csv = put('mixed.csv', Buffer.concat([utf8, gbkRow]));
    const r = await analyzeWith('mixed', { facilities: csv });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mixed.csv');
    expect(r.stderr).toMatch(/line|row/i);
    expect(r.stderr).toMatch(/42/); // the GBK row's line number (header is line 1)
  });
});
