// A full disk, a used-up quota and a read-only mount during the write phase (issue 15): exit 2, one
// sentence naming the file and the folder, no partial output, the previous output set intact.
// Two ways: a fault-injecting preload (tests/support/fail-writes.ts) that runs everywhere, and a real
// small tmpfs, which needs root and a mount permission (skipped, saying why, without them).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { line, ll, point } from './support/geo.js';
import { writeTestPbf } from './helpers/osm-pbf-writer.js';

const { dir, put } = scratchDir('lc-full-disk-');
const cliEntry = fileURLToPath(new URL('./support/cli-entry.ts', import.meta.url));
const failWrites = fileURLToPath(new URL('./support/fail-writes.ts', import.meta.url));

const rect = (x0: number, x1: number, properties: Record<string, unknown>) => ({
  type: 'Feature', properties,
  geometry: { type: 'Polygon', coordinates: [[ll(x0, -50), ll(x1, -50), ll(x1, 50), ll(x0, 50), ll(x0, -50)]] },
});
const network = put('streets.geojson', fc([line(Array.from({ length: 16 }, (_, i) => [i * 100, 0] as [number, number]), { highway: 'residential' })]));
const facilities = put('facilities.geojson', fc([point(300, 0, { id: 'H1', category: 'health' }), point(900, 0, { id: 'E1', category: 'education' })]));
const communities = put('communities.geojson', fc([rect(0, 600, { id: 'A', name: 'A社区', kind: 'urban', population: 1000 }), rect(800, 1400, { id: 'B', name: 'B社区', kind: 'urban', population: 800 })]));
const analyzeArgs = (out: string, title: string) => ['analyze', '--network', network, '--facilities', facilities, '--communities', communities, '--out', out, '--title', title, '--quiet'];

/** Every file of a folder with its bytes, to show a set untouched byte for byte. */
const contents = (folder: string) => Object.fromEntries(readdirSync(folder).sort().map((n) => [n, readFileSync(join(folder, n), 'utf8')]));
/** What a failed run may never leave beside the folder: half-written new sets, old sets, locks. */
const leftovers = (parent: string) => readdirSync(parent).filter((n) => n.includes('.lifecircle-'));

function expectOneSentence(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  // No stack trace, no bare errno, no temporary file's name.
  expect(stderr).not.toMatch(/\n\s+at |internal error|\bE(NOSPC|DQUOT|ROFS)\b|lifecircle-new|\.tmp\b/);
}

/** The CLI in a child process with the fault-injecting preload; returns exit code and stderr. */
function runFailing(fault: string, args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', failWrites, cliEntry, ...args], {
    env: { ...process.env, LIFECIRCLE_TEST_FAIL_WRITE: fault, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

const SENTENCES: Record<string, RegExp> = {
  ENOSPC: /the disk is full; nothing was replaced, the previous outputs in the folder \(if any\) are as they were; make room there \(the whole set is [\d.]+ [kM]B\) or name an output folder on another disk/,
  EDQUOT: /the disk quota is used up; nothing was replaced.*make room there/,
  EROFS: /the file system is read-only; nothing was replaced.*name an output folder on a writable disk/,
};

describe('writes refused by the file system (fault injection: every machine)', () => {
  const parent = join(dir, 'injected');
  mkdirSync(parent);

  // The first file written and the last (the largest), for each way a disk can refuse.
  const cases = (['ENOSPC', 'EDQUOT', 'EROFS'] as const).flatMap((code) => ['communities.csv', 'report.html'].map((file) => [code, file] as const));
  it.each(cases)('%s while writing %s: exit 2, a sentence naming file and folder, the old set intact', async (code, file) => {
    const out = join(parent, `${code.toLowerCase()}-${file.replace('.', '-')}`);
    const first = await runCli(analyzeArgs(out, 'the old set'));
    expect(first.code, first.stderr).toBe(0);
    const before = contents(out);

    const r = runFailing(`${code}:${file}`, analyzeArgs(out, 'the new set'));
    expect(r.code, r.stderr).toBe(2);
    expectOneSentence(r.stderr);
    expect(r.stderr).toContain(`error: ${out}: cannot write ${file} (`);
    expect(r.stderr).toMatch(SENTENCES[code]);
    expect(contents(out)).toEqual(before);
    expect(before['summary.json']).toContain('the old set');
    expect(leftovers(parent)).toEqual([]);
  }, 90_000);

  // Root (as CI runs) ignores a read-only folder's mode, so the chmod test in hostile-input skips there;
  // a refused write (EACCES) still gets its sentence and leaves the old set.
  it('EACCES while writing report.html: exit 2, permission sentence naming the file, the old set intact', async () => {
    const out = join(parent, 'eacces');
    const first = await runCli(analyzeArgs(out, 'the old set'));
    expect(first.code, first.stderr).toBe(0);
    const before = contents(out);
    const r = runFailing('EACCES:report.html', analyzeArgs(out, 'the new set'));
    expect(r.code, r.stderr).toBe(2);
    expectOneSentence(r.stderr);
    expect(r.stderr).toContain(`error: ${out}/report.html: permission denied: the folder is not writable by this user`);
    expect(contents(out)).toEqual(before);
    expect(leftovers(parent)).toEqual([]);
  }, 60_000);

  it('a fresh folder is not created when the disk is full', async () => {
    const out = join(parent, 'fresh');
    const r = runFailing('ENOSPC:summary.json', analyzeArgs(out, 'never written'));
    expect(r.code, r.stderr).toBe(2);
    expectOneSentence(r.stderr);
    expect(r.stderr).toContain(`${out}: cannot write summary.json`);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(parent)).toEqual([]);
  }, 60_000);

  it('a full disk refusing the lock file leaves no lock behind: the next run does not wait', async () => {
    const out = join(parent, 'lock');
    const first = await runCli(analyzeArgs(out, 'the old set'));
    expect(first.code, first.stderr).toBe(0);
    const before = contents(out);
    const r = runFailing('ENOSPC:lock', analyzeArgs(out, 'the new set'));
    expect(r.code, r.stderr).toBe(2);
    expectOneSentence(r.stderr);
    expect(r.stderr).toContain(`${out}: cannot lock the folder for writing (the disk is full)`);
    expect(contents(out)).toEqual(before);
    // No lock left behind: an empty one would make the next run wait 5 s for it to go stale.
    expect(leftovers(parent)).toEqual([]);
    const again = await runCli(analyzeArgs(out, 'the next set'));
    expect(again.code, again.stderr).toBe(0);
    expect(contents(out)['summary.json']).toContain('the next set');
  }, 60_000);
});

// A real small file system ---------------------------------------------------------------------------

/** Mounts a tmpfs of `size` on a new folder, or says why it cannot. */
function tryMount(size: string): { mount?: string; reason?: string } {
  if (process.platform !== 'linux') return { reason: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { reason: 'mounting a tmpfs needs root (CI runs as root)' };
  const mount = join(dir, 'tmpfs');
  mkdirSync(mount);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount], { stdio: 'pipe' });
    return { mount };
  } catch (err) {
    return { reason: `mount -t tmpfs is not permitted here (${String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n')[0]})` };
  }
}

const tmpfs = tryMount('1m');
afterAll(() => {
  if (tmpfs.mount) execFileSync('umount', [tmpfs.mount]);
});

/** Fills the file system holding `folder` until `leave` bytes are free; returns the filler's path. */
function fillUntil(folder: string, leave: number): string {
  const filler = join(folder, 'filler');
  const { bavail, bsize } = statfsSync(folder);
  writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - leave)));
  return filler;
}

describe.skipIf(!tmpfs.mount)(`a real full or read-only disk (a 1 MB tmpfs)${tmpfs.reason ? `: skipped, ${tmpfs.reason}` : ''}`, () => {
  const root = tmpfs.mount as string;

  it('analyze on a disk with 16 KB free: the sentence, the old set intact, nothing left; with room again it writes', async () => {
    const parent = join(root, 'analyze');
    mkdirSync(parent);
    const out = join(parent, 'out');
    const first = await runCli(analyzeArgs(out, 'the old set'));
    expect(first.code, first.stderr).toBe(0);
    const before = contents(out);
    const filler = fillUntil(root, 16 * 1024);

    const r = await runCli(analyzeArgs(out, 'the new set'));
    expect(r.code, r.stderr).toBe(2);
    expectOneSentence(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`^error: ${out}: cannot write [a-z.]+ \\(`));
    expect(r.stderr).toMatch(SENTENCES.ENOSPC);
    expect(contents(out)).toEqual(before);
    expect(leftovers(parent)).toEqual([]);

    rmSync(filler);
    const again = await runCli(analyzeArgs(out, 'the new set'));
    expect(again.code, again.stderr).toBe(0);
    expect(contents(out)['summary.json']).toContain('the new set');
  }, 60_000);

  it('import-osm on a full disk: a sentence naming the file, never a truncated file kept', async () => {
    const parent = join(root, 'osm');
    mkdirSync(parent);
    const out = join(parent, 'out');
    // A network big enough not to fit in the space left.
    const n = 3000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: i + 1, lon: 113.3 + (i % 60) * 0.0005, lat: 23.1 + Math.floor(i / 60) * 0.0005 }));
    const ways = Array.from({ length: n - 1 }, (_, i) => ({ id: 10_000 + i, refs: [i + 1, i + 2], tags: { highway: 'residential', name: `路${i}` } }));
    const pbf = put('city.osm.pbf', writeTestPbf(nodes, ways, []));
    const filler = fillUntil(root, 32 * 1024);
    const r = await runCli(['import-osm', pbf, '--out', out, '--quiet']);
    rmSync(filler);
    expect(r.code, r.stderr).toBe(2);
    expectOneSentence(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`^error: ${out}/[a-z-]+\\.(geojson|json): the disk is full; nothing was replaced`));
    expect(existsSync(out)).toBe(false);
    expect(leftovers(parent)).toEqual([]);
  }, 60_000);

  it('a read-only mount: exit 2, says so, the old set intact', async () => {
    const parent = join(root, 'readonly');
    mkdirSync(parent);
    const out = join(parent, 'out');
    const first = await runCli(analyzeArgs(out, 'the old set'));
    expect(first.code, first.stderr).toBe(0);
    const before = contents(out);
    execFileSync('mount', ['-o', 'remount,ro', root]);
    try {
      const r = await runCli(analyzeArgs(out, 'the new set'));
      expect(r.code, r.stderr).toBe(2);
      expectOneSentence(r.stderr);
      expect(r.stderr).toContain(`error: ${out}: the folder is on a read-only file system; the previous outputs in it were left as they were`);
      expect(contents(out)).toEqual(before);
      expect(leftovers(parent)).toEqual([]);
      // A new folder on the read-only disk: the sentence names it too.
      const fresh = join(parent, 'fresh');
      const r2 = await runCli(analyzeArgs(fresh, 'never'));
      expect(r2.code, r2.stderr).toBe(2);
      expectOneSentence(r2.stderr);
      expect(r2.stderr).toContain(fresh);
      expect(r2.stderr).toMatch(/read-only/);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', root]);
    }
  }, 60_000);
});
