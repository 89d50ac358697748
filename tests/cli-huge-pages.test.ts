import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hugePageTunables, inputBytes, MIN_INPUT_BYTES, type HugePageSetting } from '../src/cli/huge-pages.js';

const linuxMadvise: HugePageSetting = {
  platform: 'linux', env: {}, args: ['analyze', '--network', 'n.geojson'], execArgv: [],
  transparentHugePages: 'always [madvise] never\n', glibcVersion: '2.36', inputBytes: MIN_INPUT_BYTES,
};

describe('when the command starts again with huge pages', () => {
  it('asks for them on Linux, glibc 2.35 or later, kernel giving them on request, for city commands', () => {
    expect(hugePageTunables(linuxMadvise)).toBe('glibc.malloc.hugetlb=1');
    expect(hugePageTunables({ ...linuxMadvise, glibcVersion: '2.35' })).toBe('glibc.malloc.hugetlb=1');
    expect(hugePageTunables({ ...linuxMadvise, glibcVersion: '3.0' })).toBe('glibc.malloc.hugetlb=1');
    for (const command of ['plan', 'travel-times', 'isochrone', 'import-osm']) {
      expect(hugePageTunables({ ...linuxMadvise, args: [command, 'x'] }), command).toBe('glibc.malloc.hugetlb=1');
    }
    // Options before the command do not hide it.
    expect(hugePageTunables({ ...linuxMadvise, args: ['--max-features', '10', 'analyze'] })).toBe('glibc.malloc.hugetlb=1');
    expect(hugePageTunables({ ...linuxMadvise, args: ['--quiet', 'analyze'] })).toBe('glibc.malloc.hugetlb=1');
  });

  it('keeps the user\'s other tunables, and never overrides their own huge-page choice', () => {
    expect(hugePageTunables({ ...linuxMadvise, env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } }))
      .toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    expect(hugePageTunables({ ...linuxMadvise, env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1' } })).toBeUndefined();
  });

  it('runs as started elsewhere: other systems, LIFECIRCLE_HUGE_PAGES=0, always/never, old glibc or none, small commands, help', () => {
    expect(hugePageTunables({ ...linuxMadvise, platform: 'darwin' })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, platform: 'win32' })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, env: { LIFECIRCLE_HUGE_PAGES: '0' } })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, transparentHugePages: '[always] madvise never' })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, transparentHugePages: 'always madvise [never]' })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, transparentHugePages: undefined })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, glibcVersion: '2.34' })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, glibcVersion: '2.9' })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, glibcVersion: undefined })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, inputBytes: MIN_INPUT_BYTES - 1 })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, execArgv: ['--inspect=9229'] })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, execArgv: ['--inspect-brk'] })).toBeUndefined();
    expect(hugePageTunables({ ...linuxMadvise, execArgv: ['--import', 'tsx'] })).toBe('glibc.malloc.hugetlb=1');
    for (const args of [['standards'], ['demo'], [], ['--version'], ['analyze', '--help'], ['analyze', '-h']]) {
      expect(hugePageTunables({ ...linuxMadvise, args }), args.join(' ')).toBeUndefined();
    }
  });
});

describe('the input size a relaunch pays for', () => {
  it('adds up the regular files the arguments name, as a path or as --option=path, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-input-bytes-'));
    try {
      writeFileSync(join(dir, 'a.geojson'), 'x'.repeat(1000));
      writeFileSync(join(dir, 'b.csv'), 'y'.repeat(234));
      writeFileSync(join(dir, 'c.gpkg'), 'z'.repeat(5000));
      const args = ['analyze', '--network', join(dir, 'a.geojson'), `--facilities=${join(dir, 'b.csv')}`, '--out', dir,
        '--communities', join(dir, 'missing.geojson'), 'postgresql://db/x?table=t', '--population', `${join(dir, 'c.gpkg')}?layer=people`];
      expect(inputBytes(args)).toBe(6234);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The relaunch itself, in real processes: a script that relaunches as the CLI's entry does and, once
// relaunched, says what it was started with and ends with a given code or signal.
let thp = '';
try { thp = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'); } catch { /* none */ }
const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
const relaunches = hugePageTunables({
  platform: process.platform, env: {}, args: ['analyze'], execArgv: [], transparentHugePages: thp, glibcVersion: glibc, inputBytes: MIN_INPUT_BYTES,
}) !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-huge-pages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// An input large enough to pay for the relaunch (sparse: no disk used).
const big = join(dir, 'big.geojson');
writeFileSync(big, '');
truncateSync(big, MIN_INPUT_BYTES);

describe.skipIf(!relaunches)('the relaunch (this machine gives huge pages on request)', () => {
  const script = join(dir, 'entry.ts');
  writeFileSync(script, `
import { relaunchWithHugePages } from ${JSON.stringify(new URL('../src/cli/huge-pages.ts', import.meta.url).pathname)};
if (!relaunchWithHugePages()) {
  process.stdout.write('pid=' + process.pid + ' tunables=' + (process.env.GLIBC_TUNABLES ?? '') + '\\n');
  if (process.argv.includes('--die')) process.kill(process.pid, 'SIGTERM');
  else if (process.argv.includes('--wait')) setInterval(() => {}, 1000);
  else process.exitCode = Number(process.argv[process.argv.length - 1]);
}
`);
  const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: '', LIFECIRCLE_HUGE_PAGES: '', ...env },
  });

  it('runs the command once more with the tunable, passes its output through and ends with its exit code', () => {
    const r = run(['analyze', big, '3']);
    expect(r.stdout).toMatch(/^pid=\d+ tunables=glibc\.malloc\.hugetlb=1\n$/);
    expect(Number(/pid=(\d+)/.exec(r.stdout)![1])).not.toBe(r.pid);
    expect(r.status).toBe(3);
  });

  it('ends by the signal that ended the relaunched command', () => {
    const r = run(['analyze', big, '--die']);
    expect(r.stdout).toContain('tunables=glibc.malloc.hugetlb=1');
    expect(r.signal).toBe('SIGTERM');
  });

  it('passes on a SIGINT or SIGTERM sent to it alone, and ends by it', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, 'analyze', big, '--wait'], {
        env: { ...process.env, GLIBC_TUNABLES: '', LIFECIRCLE_HUGE_PAGES: '' },
      });
      let out = '';
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { out += d; if (out.includes('\n')) resolve(); }));
      expect(out).toContain('tunables=glibc.malloc.hugetlb=1');
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
      child.kill(signal);
      expect(await ended, signal).toBe(signal);
      // The relaunched process ended too (its pid is gone).
      const pid = Number(/pid=(\d+)/.exec(out)![1]);
      expect(() => process.kill(pid, 0)).toThrow();
    }
  });

  it('through the installed entry (bin/lifecircle.js), passes on a bad input\'s one-line error and exit code 2, and writes nothing', () => {
    const bin = new URL('../bin/lifecircle.js', import.meta.url).pathname;
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [bin, 'analyze', '--network', big, '--facilities', big, '--communities', big, '--out', out], {
      encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: '', LIFECIRCLE_HUGE_PAGES: '' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${big}: not valid JSON`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('runs in place for other commands, small inputs and with LIFECIRCLE_HUGE_PAGES=0', () => {
    for (const r of [run(['standards', big, '4']), run(['analyze', '4']), run(['analyze', big, '4'], { LIFECIRCLE_HUGE_PAGES: '0' })]) {
      expect(r.stdout).toBe(`pid=${r.pid} tunables=\n`);
      expect(r.status).toBe(4);
    }
  });
});
