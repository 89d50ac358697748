// The CLI starts drawing coverage on a worker as soon as the facilities are linked (`analyze`'s
// onFacilitiesLinked) when the network is large; forced here on the demo district, every output must be
// the same bytes as when coverage is drawn after the analysis, and a run that fails after drawing
// started must fail as before, leaving nothing behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAnalyze } from '../src/cli/analyze.js';
import { runLimits } from '../src/cli/limit-options.js';
import { DEFAULT_MAX_GRID_CELLS } from '../src/scoring/residents.js';
import { analyze, type LinkedFacilities } from '../src/index.js';
import { InputError } from '../src/errors.js';
import { parseStageLine } from '../src/cli/progress.js';
import { DEMO_DIR, demoInputs } from './support/demo-scenario.js';
import { scratchDir } from './support/scratch.js';

// Scoring made to fail on demand: the one way to fail once drawing has started (every input error
// is found before the facilities are linked).
const failScoring = vi.hoisted(() => ({ on: false }));
vi.mock('../src/scoring/score-analysis.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/scoring/score-analysis.js')>();
  return {
    ...real,
    scoreAnalysis: (...args: Parameters<typeof real.scoreAnalysis>) => {
      if (failScoring.on) throw new InputError('scoring refused on purpose', 'test');
      return real.scoreAnalysis(...args);
    },
  };
});

const scratch = scratchDir('lc-coverage-early-');
const demo = (layer: string) => join(DEMO_DIR, `${layer}.geojson`);
const files = { network: demo('network'), facilities: demo('facilities'), communities: demo('communities'), population: demo('population') };

/** summary.json without the stage timings, the one thing two runs never share. */
function withoutTimings(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'), (key, value) => (key === 'timingsMs' ? undefined : value));
}

describe('coverage drawn during the analysis', () => {
  beforeAll(() => { process.env.SOURCE_DATE_EPOCH = '1767225600'; });
  afterEach(() => { runLimits.gridCells = DEFAULT_MAX_GRID_CELLS; failScoring.on = false; });

  it('writes every output byte for byte as drawing after the analysis does', async () => {
    const after = join(scratch.dir, 'after'), during = join(scratch.dir, 'during');
    await runAnalyze(files, { out: after, quiet: true });
    await runAnalyze(files, { out: during, quiet: true, coverageWorkerMinSegments: 0 });
    const names = readdirSync(after).sort();
    expect(readdirSync(during).sort()).toEqual(names);
    expect(names).toContain('coverage.geojson');
    for (const name of names) {
      if (name === 'summary.json') expect(withoutTimings(join(during, name))).toEqual(withoutTimings(join(after, name)));
      else expect(readFileSync(join(during, name)), name).toEqual(readFileSync(join(after, name)));
    }
  });

  it('hands the callback the linked facilities before any resident is linked or routed', () => {
    const stagesBefore: string[] = [];
    let seen: LinkedFacilities | undefined;
    const analysis = analyze(demoInputs(), {
      onProgress: (stage) => { if (!seen && !stagesBefore.includes(stage)) stagesBefore.push(stage); },
      onFacilitiesLinked: (linked) => { seen = linked; },
    });
    // Residents are placed in communities before (they need no network), linked after.
    expect(stagesBefore).toEqual(['network', 'facilities', 'residents', 'link']);
    expect(seen!.categories).toEqual(analysis.categories);
    expect(seen!.facilities.map((f) => [f.category, f.linked, f.position])).toEqual(analysis.facilities.map((f) => [f.category, f.linked, f.position]));
    expect(seen!.facilityLinks).toBe(analysis.facilityLinks);
  });

  it('fails with the analysis\' own error when it fails after drawing started, and writes nothing', async () => {
    failScoring.on = true;
    const out = join(scratch.dir, 'failed');
    const run = runAnalyze(files, { out, quiet: true, coverageWorkerMinSegments: 0 });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/refused on purpose/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('logs each stage once, in order, when the streets are built on a worker while the rest is prepared', async () => {
    // The worker reports the street file's bytes as it reads them; once this thread has moved on to
    // the points, a late report must not start the read stage again.
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { written.push(String(chunk)); return true; });
    try {
      await runAnalyze(files, { out: join(scratch.dir, 'verbose-worker'), verbose: true, networkWorkerMinBytes: 0, coverageWorkerMinSegments: 0 });
    } finally {
      spy.mockRestore();
    }
    const stages = written.join('').split('\n').map(parseStageLine).filter((l) => l !== undefined).map((l) => l.stage);
    expect(stages).toEqual(['read', 'facilities', 'residents', 'network', 'link', 'route', 'score', 'capacity', 'tables', 'coverage', 'report', 'write', 'total']);
  });

  it('fails on a community error found while the network is still being built, and writes nothing', async () => {
    // No population: communities are sampled on a grid, and one cell is too few.
    runLimits.gridCells = 1;
    const out = join(scratch.dir, 'failed-early');
    const run = runAnalyze({ ...files, population: undefined }, { out, quiet: true, coverageWorkerMinSegments: 0, networkWorkerMinBytes: 0 });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/grid/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
