// Scenarios are marked (issue 15, "What to deliver" 7): run where a user would, without --out, the
// baseline goes to lifecircle-report/, `analyze --add/--remove` to lifecircle-whatif/ and `plan` to
// lifecircle-plan/, so none replaces another; a what-if report says so in its title and header and
// names the facilities added and removed; summary.json (analyze) and plan.json record the scenario; --title names
// the reports. The built CLI (bin/lifecircle.js) runs in a scratch folder as its working directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fc, scratchDir } from './support/scratch.js';
import { line, ll, point } from './support/geo.js';

const bin = fileURLToPath(new URL('../bin/lifecircle.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)));

describe.skipIf(!built)('scenario outputs are marked and kept apart (built CLI, no --out)', () => {
  const { dir, put } = scratchDir('lc-scenario-');
  const rect = (x0: number, x1: number, properties: Record<string, unknown>) => ({
    type: 'Feature', properties: { kind: 'urban', population: 1000, ...properties },
    geometry: { type: 'Polygon', coordinates: [[ll(x0, -50), ll(x1, -50), ll(x1, 50), ll(x0, 50), ll(x0, -50)]] },
  });
  const inputs = [
    '--network', put('streets.geojson', fc([line(Array.from({ length: 16 }, (_, i) => [i * 100, 0] as [number, number]), { highway: 'residential' })])),
    '--facilities', put('facilities.geojson', fc([point(300, 0, { id: 'H1', category: 'health', name: '卫生站一' }), point(1200, 0, { id: 'H2', category: 'health', name: '卫生站二' })])),
    '--communities', put('communities.geojson', fc([rect(0, 600, { id: 'A', name: 'A社区' }), rect(800, 1400, { id: 'B', name: 'B社区' })])),
  ];
  const add = put('add.geojson', fc([point(1000, 0, { id: 'N1', category: 'kindergarten', name: '新幼儿园' })]));
  const remove = put('remove.json', JSON.stringify(['H2']));
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--quiet'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
  };
  const read = (folder: string, file: string) => readFileSync(join(dir, folder, file), 'utf8');
  const htmlTitle = (html: string) => /<title>([^<]*)<\/title>/.exec(html)![1];

  it('writes the baseline, the what-if and the plan to their own folders, each saying what it is', () => {
    cli('analyze', ...inputs, '--title', '海珠区 baseline');
    const baseline = read('lifecircle-report', 'report.html');
    expect(htmlTitle(baseline)).toBe('海珠区 baseline');
    expect(JSON.parse(read('lifecircle-report', 'summary.json')).scenario).toEqual({ kind: 'baseline' });

    cli('analyze', ...inputs, '--add', add, '--remove', remove, '--title', '海珠区 baseline');
    expect(read('lifecircle-report', 'report.html')).toBe(baseline); // untouched
    const whatIf = read('lifecircle-whatif', 'report.html');
    expect(htmlTitle(whatIf)).toBe('What-if 情景: 海珠区 baseline');
    expect(whatIf).toMatch(/Added 新增 1 facility[^<]*N1 新幼儿园 \[kindergarten\]/);
    expect(whatIf).toContain('H2');
    expect(read('lifecircle-whatif', 'report.md')).toMatch(/^# What-if 情景: 海珠区 baseline/);
    const scenario = JSON.parse(read('lifecircle-whatif', 'summary.json')).scenario;
    expect(scenario.kind).toBe('what-if');
    expect(scenario.added).toEqual([expect.objectContaining({ id: 'N1', category: 'kindergarten', name: '新幼儿园' })]);
    expect(scenario.removed).toEqual(['H2']);

    cli('plan', ...inputs, '--categories', 'kindergarten');
    expect(JSON.parse(read('lifecircle-plan', 'plan.json')).scenario).toEqual({ kind: 'plan' });
    expect(htmlTitle(read('lifecircle-plan', 'report.html'))).toBe('lifecircle plan 选址建议');
    expect(read('lifecircle-report', 'report.html')).toBe(baseline);
    expect(readdirSync(dir).filter((n) => n.startsWith('lifecircle-')).sort()).toEqual(['lifecircle-plan', 'lifecircle-report', 'lifecircle-whatif']);
  }, 120_000);
});
