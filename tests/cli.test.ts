import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { parseStageLine } from '../src/cli/progress.js';
import { fc, scratchDir } from './support/scratch.js';
import { band, line, point, straightStreet } from './support/geo.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('./support/cli-entry.ts', import.meta.url));
const demoData = fileURLToPath(new URL('../data/demo/network.geojson', import.meta.url));
const { dir, put } = scratchDir('lc-cli-');

// A street with a clinic at 300 m and two communities on it: A around the clinic, B 700-1300 m along.
const network = put('streets.geojson', fc([straightStreet(0, 1500)]));
const facilities = put('facilities.geojson', fc([point(300, 0, { id: 'H1', category: 'health' })]));
const communities = put('communities.geojson', fc([
  band(0, 600, { id: 'A', name: '东湖社区', kind: 'urban', population: 1000 }),
  band(700, 1300, { id: 'B', name: '西岸社区', kind: 'urban', population: 500 }),
]));

describe('lifecircle analyze', () => {
  it('writes every output of analyze, report.html and report.md among them', async () => {
    const out = join(dir, 'report-ok');
    const r = await runCli(['analyze', '--network', network, '--facilities', facilities, '--communities', communities, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['communities.csv', 'communities.geojson', 'coverage.geojson', 'facilities.geojson', 'report.html', 'report.md', 'summary.json']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('东湖社区');
    expect(r.stderr).toContain(join(out, 'report.html'));
  });

  it('says nothing under --quiet', async () => {
    const r = await runCli(['analyze', '--network', network, '--facilities', facilities, '--communities', communities, '--out', join(dir, 'quiet'), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('lifecircle plan', () => {
  it('writes the report with the suggested sites beside suggestions.geojson, and says where it is', async () => {
    // B (700-1300 m) has no clinic within 5 minutes; a new one on the street closes the gap.
    const out = join(dir, 'plan-ok');
    const r = await runCli(['plan', '--network', network, '--facilities', facilities, '--communities', communities, '--spacing-m', '100', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['plan.json', 'report.html', 'report.md', 'suggestions.csv', 'suggestions.geojson']);
    const sites = JSON.parse(readFileSync(join(out, 'suggestions.geojson'), 'utf8')).features;
    expect(sites.length).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="plan">');
    expect(html.match(/<g class="site" /g)).toHaveLength(sites.length);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## 建议新增设施 Suggested sites');
    expect(r.stderr).toContain(join(out, 'report.html'));
  });
});

describe('analyze with bad input: exit 2, one line naming file, feature and field, no output folder', () => {
  const swapped = put('swapped.geojson', fc([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[23.1, 113.3], [23.2, 113.3]] } }]));
  const projected = put('projected.geojson', fc([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[440000, 2550000], [440100, 2550000]] } }]));
  const pointNet = put('points-as-network.geojson', fc([line([[0, 0], [10, 0]]), point(0, 0)]));
  const broken = put('broken.geojson', '{"type": "FeatureCollection", "features": [');
  const noKind = put('no-kind.geojson', fc([band(0, 600, { id: 'A', kind: 'urban' }), band(700, 1300, { id: 'B', name: 'B' })]));
  const badPopulation = put('bad-population.geojson', fc([band(0, 600, { id: 'A', kind: 'urban', population: 'many' })]));
  const badStandard = put('bad-standard.json', { id: 'x', name: 'x', rules: [{ level: 'convenient', kind: 'urban', category: 'health', minutes: -1, source: 's' }] });

  it.each([
    ['missing file', ['--network', join(dir, 'nope.geojson')], /nope\.geojson: no such file/],
    ['invalid JSON', ['--facilities', broken], /broken\.geojson: not valid JSON/],
    ['a Point in the network', ['--network', pointNet], /points-as-network\.geojson, feature 1, field geometry\.type: a network needs LineString/],
    ['swapped lat/lon', ['--network', swapped], /swapped\.geojson, feature 0, field geometry\.coordinates\[0\]: .*look swapped/],
    ['projected coordinates', ['--network', projected], /projected\.geojson, feature 0, field geometry\.coordinates\[0\]: .*look projected/],
    ['community without kind', ['--communities', noKind], /no-kind\.geojson, feature 1, field properties\.kind: a community needs `kind`/],
    ['population not a number', ['--communities', badPopulation], /bad-population\.geojson, feature 0, field properties\.population: .*non-negative number/],
    ['unknown standard', ['--standard', 'guangzhou-2035'], /unknown standard "guangzhou-2035" \(built-in: guangzhou-1530, guangzhou-1530-strict, gb50180-2018\)/],
    ['bad rule in a standard file', ['--standard', badStandard], /bad-standard\.json, field rules\[0\]\.minutes: must be positive/],
    ['bad --speed-kmh', ['--speed-kmh', 'brisk'], /--speed-kmh.*expected a number of km\/h, got "brisk"/],
    ['zero --snap-max-m', ['--snap-max-m', '0'], /--snap-max-m.*expected 0.1 to 100000 metres, got 0/],
  ])('%s', async (_name, override, message) => {
    const args: Record<string, string> = { '--network': network, '--facilities': facilities, '--communities': communities };
    const extra: string[] = [];
    for (let i = 0; i < override.length; i += 2) {
      if (override[i] in args) args[override[i]] = override[i + 1];
      else extra.push(override[i], override[i + 1]);
    }
    const out = join(dir, `never-${_name.replace(/\W+/g, '-')}`);
    const r = await runCli(['analyze', ...Object.entries(args).flat(), ...extra, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // the message (and commander's usage hint)
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('exit 2 for a missing required option or an unknown command', async () => {
    expect((await runCli(['analyze', '--network', network])).code).toBe(2);
    expect((await runCli(['analyse'])).code).toBe(2);
  });
});

describe('--help has examples for every command', () => {
  it.each(['', 'analyze', 'travel-times', 'isochrone', 'standards', 'plan', 'import-osm', 'demo'])('%s', async (command) => {
    const r = await runCli([...(command ? [command] : []), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ lifecircle /);
    if (command) expect(r.stdout).toContain(`$ lifecircle ${command}`);
  });
});

describe.skipIf(!existsSync(demoData))('lifecircle demo', () => {
  // One run for the describe, made before its tests, so no test depends on another having run first.
  // How fast it runs is measured by the benchmarks, not asserted here.
  const out = join(dir, 'demo');
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    run = await runCli(['demo', '--out', out, '--quiet']);
  });

  it('analyzes the demo district and prints where the report is', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${resolve(out, 'report.html')}\n`);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('gives mixed results: some quality, some convenient only, some neither, and a category clearly short', () => {
    expect(run.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const communities: { convenient: string; quality: string }[] = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8'))
      .features.map((f: { properties: { convenient: string; quality: string } }) => f.properties);
    expect(communities.length).toBeGreaterThanOrEqual(40);
    expect(communities.length).toBeLessThanOrEqual(80);
    const quality = communities.filter((c) => c.quality === 'yes').length;
    const convenientOnly = communities.filter((c) => c.convenient === 'yes' && c.quality === 'no').length;
    const neither = communities.filter((c) => c.convenient === 'no').length;
    expect(quality).toBeGreaterThanOrEqual(2);
    expect(convenientOnly).toBeGreaterThanOrEqual(5);
    expect(neither).toBeGreaterThanOrEqual(5);
    // Both kinds are present, and at least one target is missed.
    expect(summary.attainment.map((k: { kind: string; scored: number }) => k.scored > 0)).toEqual([true, true]);
    expect(summary.attainment.some((k: { needed: Record<string, number> }) => Object.values(k.needed).some((n) => n > 0))).toBe(true);
    // A category that fewer than half the urban communities meet: the report's visible shortfall.
    const short = summary.categories.filter((c: { byKind: { urban?: { met: number; applicable: number } } }) =>
      c.byKind.urban && c.byKind.urban.met < c.byKind.urban.applicable / 2);
    expect(short.length).toBeGreaterThanOrEqual(1);
    // And a quota below its target.
    expect(summary.quotas.some((q: { met?: boolean }) => q.met === false)).toBe(true);
  });

  it('reports the sensitivity to the assumed settings and the plan indicators, in HTML, Markdown and summary.json', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'demo', 'summary.json'), 'utf8'));
    const html = readFileSync(join(dir, 'demo', 'report.html'), 'utf8');
    const md = readFileSync(join(dir, 'demo', 'report.md'), 'utf8');
    expect(summary.sensitivity.map((r: { setting: string; value: number }) => `${r.setting} ${r.value}`)).toEqual([
      'minShare 0.7', 'minShare 0.8', 'minShare 0.9', 'walkSpeedKmh 3', 'walkSpeedKmh 3.6', 'walkSpeedKmh 4.5',
    ]);
    expect(html).toContain('<section id="sensitivity">');
    expect(md).toContain('## 敏感性 Sensitivity to the assumed settings');
    expect(html).toContain('<section id="plan-indicators">');
    expect(md).toContain('## 规划指标 Plan indicators');
    const indicators: { id: string; status: string; met: boolean | null }[] = summary.planIndicators;
    // Every quantified target has a row; what the data cannot answer is never "met".
    expect(indicators.length).toBeGreaterThanOrEqual(25);
    for (const i of indicators) if (i.status !== 'measured') expect(i.met, i.id).toBeNull();
    expect(indicators.find((i) => i.id === 'nursing-beds')!.status).toBe('needs-data');
    expect(indicators.find((i) => i.id === 'sports-open')!.status).toBe('not-spatial');
    expect(indicators.find((i) => i.id === 'convenient-urban')!.status).toBe('measured');
    expect(md).toMatch(/needs data 需数据: nursing\\_beds and care\\_beds per street in the indicators CSV \(--indicators\)/);
    // The rules table tells the plan's part from ours.
    expect(html).toContain('阈值出处 Threshold from');
    expect(html).toContain('级别出处 Level from');
  });
});

describe('lifecircle standards', () => {
  it('shows guangzhou-1530 readably: settings with sources, levels, zones, presence rules, what quality adds', async () => {
    const r = await runCli(['standards', 'guangzhou-1530']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/walking speed 步行速度: 3\.6 km\/h, ours \(assumed\): GB 50180/);
    expect(r.stdout).toMatch(/minimum share 最低覆盖比例: 80%, ours \(assumed\)/);
    expect(r.stdout).toMatch(/2\. quality: 优质生活服务圈 .*\(requires convenient\)/);
    expect(r.stdout).toMatch(/District zones 区与分区 \(11 districts/);
    expect(r.stdout).toMatch(/central: 越秀区, 海珠区, 荔湾区, 天河区, 白云区, 黄埔区/);
    expect(r.stdout).toMatch(/养老服务 elder-care: in street \(centre\)/);
    expect(r.stdout).toMatch(/便利店与早餐 convenience-store: 15 min/);
    expect(r.stdout).toMatch(/quality · urban: adds \d+ categories \(culture, childcare, primary-school/);
    expect(r.stdout).toContain('quality: no rule is tighter than the convenient rule of the same category, kind and zone');
    expect(r.stdout).toMatch(/Plan indicators 规划指标 \(\d+;/);
  });

  it('shows gb50180-2018 with its tiers; --json prints the file users copy', async () => {
    const gb = await runCli(['standards', 'gb50180-2018']);
    expect(gb.stdout).toMatch(/1\. 15-minute: .*\n[\s\S]*2\. 10-minute[\s\S]*3\. 5-minute[\s\S]*4\. block/);
    expect(gb.stdout).toContain('verification: DOC-M');
    const json = await runCli(['standards', 'guangzhou-1530', '--json']);
    expect(JSON.parse(json.stdout).id).toBe('guangzhou-1530');
  });
});

/** The CLI as a child process, so stderr can be a pipe or a terminal (util-linux `script` gives it a pty). */
function runChild(args: string[], opts: { tty: boolean; env?: Record<string, string> }): { code: number; output: string } {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...opts.env };
  delete env.FORCE_COLOR;
  if (!opts.env?.NO_COLOR) delete env.NO_COLOR;
  const command = ['node', '--import', 'tsx', entry, ...args];
  if (!opts.tty) {
    const r = spawnSync(command[0], command.slice(1), { cwd: repo, env, encoding: 'utf8' });
    return { code: r.status ?? -1, output: r.stdout + r.stderr };
  }
  const quoted = command.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qec', quoted, '/dev/null'], { cwd: repo, env: { ...env, TERM: 'xterm' }, encoding: 'utf8' });
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!existsSync(demoData))('progress and colour', () => {
  const BAR = /\u2588|\u2591/; // cli-progress's shades_classic
  // eslint-disable-next-line no-control-regex -- ANSI colour codes are what this test looks for
  const COLOUR = /\x1b\[(3\d|1|22|39)m/;

  it.skipIf(!hasScript)('draws a progress bar and colour on a terminal', () => {
    const r = runChild(['demo', '--out', join(dir, 'tty')], { tty: true });
    expect(r.code).toBe(0);
    expect(r.output).toMatch(BAR);
    expect(r.output).toMatch(COLOUR);
    expect(r.output).toContain('urban communities:');
  });

  it.skipIf(!hasScript)('draws no bar under --quiet, and no colour under NO_COLOR, even on a terminal', () => {
    const quiet = runChild(['demo', '--out', join(dir, 'tty-quiet'), '--quiet'], { tty: true });
    expect(quiet.code).toBe(0);
    expect(quiet.output).not.toMatch(BAR);
    const plain = runChild(['demo', '--out', join(dir, 'tty-plain')], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.output).toMatch(BAR);
    expect(plain.output).not.toMatch(COLOUR);
  });

  const demoArgs = (out: string) => ['analyze', '--network', demoData, '--facilities', demoData.replace('network', 'facilities'),
    '--communities', demoData.replace('network', 'communities'), '--population', demoData.replace('network', 'population'), '--out', join(dir, out)];
  // Communities, facilities and residents are prepared before the network is awaited (it may still be
  // building on a worker), so `network` comes after them.
  const STAGES = ['read', 'facilities', 'residents', 'network', 'link', 'route', 'score', 'capacity', 'tables', 'coverage', 'report', 'write', 'total'];

  it('--verbose logs one line per stage, in order, with time and peak memory, under a pipe', () => {
    const r = runChild([...demoArgs('verbose-piped'), '--verbose'], { tty: false });
    expect(r.code).toBe(0);
    const lines = r.output.split('\n').map(parseStageLine).filter((l) => l !== undefined);
    expect(lines.map((l) => l.stage)).toEqual(STAGES);
    for (const l of lines) {
      expect(l.ms).toBeGreaterThanOrEqual(0);
      expect(l.peakRssMiB).toBeGreaterThan(10);
    }
    // The stages add up to the total (each is printed rounded to 10 ms).
    const total = lines.pop()!;
    expect(Math.abs(lines.reduce((s, l) => s + l.ms, 0) - total.ms)).toBeLessThanOrEqual(10 * STAGES.length);
    expect(r.output).not.toMatch(BAR);
    expect(r.output).not.toContain('\u001b');
  });

  it.skipIf(!hasScript)('--verbose on a terminal logs the same lines instead of a bar', () => {
    const r = runChild([...demoArgs('verbose-tty'), '--verbose'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.output.split(/\r?\n/).map(parseStageLine).filter((l) => l !== undefined).map((l) => l.stage)).toEqual(STAGES);
    expect(r.output).not.toMatch(BAR);
  });

  it('says nothing about stages by default under a pipe: only the result and where it went', () => {
    const r = runChild(demoArgs('silent-piped'), { tty: false });
    expect(r.code).toBe(0);
    const lines = r.output.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^urban: /);
    expect(lines[1]).toMatch(/^wrote 7 files to /);
  });

  it('prints neither bar nor colour when piped, and errors stay one plain line', () => {
    const ok = runChild(['demo', '--out', join(dir, 'piped')], { tty: false });
    expect(ok.code).toBe(0);
    expect(ok.output).not.toMatch(BAR);
    expect(ok.output).not.toContain('\u001b');
    const bad = runChild(['analyze', '--network', join(dir, 'nope.geojson'), '--facilities', facilities, '--communities', communities, '--out', join(dir, 'never-piped')], { tty: false });
    expect(bad.code).toBe(2);
    expect(bad.output).toBe(`error: ${join(dir, 'nope.geojson')}: no such file\n`);
  });
});
