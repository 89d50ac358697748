import { describe, expect, it } from 'vitest';
import type { StageLine } from '../src/cli/progress.js';
import { fieldAndCategoryMs, medianRun, renderWholeCommand, yardstickCounts, type WholeCommandResult } from '../benchmarks/lib/whole-command.js';
import { renderCoverage, type CoverageResult } from '../benchmarks/lib/coverage-results.js';

// What `npm run bench -- --whole --rounds N` and `--coverage` write into RESULTS.md, from runs made up here.

const line = (stage: string, ms: number, cpuMs = ms, peakRssMiB = 100): StageLine => ({ stage, ms, cpuMs, peakRssMiB });
const run = (routeMs: number, capacityMs: number, totalMs: number, wallMs: number, rss: number) => ({
  wallMs, stages: [line('route', routeMs), line('capacity', capacityMs), line('total', totalMs, totalMs, rss)],
});

describe('the benchmark\'s whole-command results', () => {
  it('counts the default standard\'s 18 fields and 15 scored categories, and divides the stages by them', () => {
    expect(yardstickCounts()).toEqual({ fields: 18, categories: 15 });
    expect(fieldAndCategoryMs(run(1800, 1500, 9000, 9500, 1).stages)).toEqual({ fieldMs: 100, categoryMs: 100 });
    expect(fieldAndCategoryMs([line('route', 1800), line('total', 2000)])).toBeUndefined();
  });

  it('takes each stage\'s median of several runs, the largest peak memory, and the median time to exit', () => {
    const m = medianRun([run(1800, 900, 8000, 8600, 1100), run(1620, 1200, 9000, 9200, 1150), run(2160, 1050, 8500, 9000, 1120)]);
    expect(m.wallMs).toBe(9000);
    expect(m.stages).toEqual([line('route', 1800), line('capacity', 1050), line('total', 8500, 8500, 1150)]);
  });

  it('writes the runs\' ranges and, run by run, how often a category cost no more than a field', () => {
    const runs = [run(1800, 1200, 8000, 8600, 1100), run(1620, 1650, 9000, 9200, 1150), run(2160, 1050, 8500, 9000, 1120)];
    const result: WholeCommandResult = {
      size: 'spread-L', seed: 1, date: '2026-12-03',
      machine: { cpu: 'cpu', cores: 2, memoryGiB: 24, loadAverage: [0, 0, 0], loadAverageAfter: [0, 0, 0] },
      node: '20', command: 'analyze', city: { segments: 1, communities: 1, residents: 1, facilities: 1, inputMB: 1 },
      ...medianRun(runs), peakRssMiB: 1150, outputs: [], runs,
    };
    const md = renderWholeCommand([result]);
    expect(md).toContain('**3 runs** (the table: each stage\'s median): the log\'s total 8.00-9.00 (median 8.50) s, to exit 8.60-9.20 (median 9.00) s');
    // Fields 100, 90 and 120 ms; categories 80, 110 and 70 ms: ratios 0.80, 1.22, 0.58.
    expect(md).toContain('a category costs 0.58-1.22 (median 0.80) times a field, no more than a field in 2 of 3 runs.');
    expect(md).toContain('| capacity | 1.20 (1.20) |');
    // One run: no runs line.
    expect(renderWholeCommand([{ ...result, runs: undefined }])).not.toContain('runs**');
  });

  it('writes coverage drawing alone, both ways, with ranges and medians', () => {
    const drawing = (wallMs: number) => ({ wallMs, cpuMs: wallMs + 400, layers: 23, polygons: 5331, holes: 33461, vertices: 546715, bytes: 11.5e6 });
    const result: CoverageResult = {
      size: 'spread-L', seed: 1, date: '2026-12-03', machine: { cpu: 'cpu', cores: 2, loadAverage: [0, 0, 0], loadAverageAfter: [0, 0, 0] }, node: '20',
      searching: [drawing(2300), drawing(2200), drawing(2900)], fromFields: [drawing(1800), drawing(2000)],
    };
    const md = renderCoverage([result]);
    expect(md).toContain('searching, 3 runs, 2.20-2.90 (median 2.30) s wall, 2.60-3.30 (median 2.70) s CPU');
    expect(md).toContain('from the fields, 2 runs, 1.80-2.00 (median 1.90) s wall');
    expect(md).toContain('23 layers, 5,331 polygons, 33,461 holes, 546,715 vertices, coverage.geojson 11.5 MB');
    expect(renderCoverage([])).toBe('');
  });
});
