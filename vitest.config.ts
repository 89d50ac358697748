import { defineConfig } from 'vitest/config';

/**
 * Two projects, one `npm test`: `fast` (unit and property tests of the library, feedback in under
 * 30 s: `npm run test:fast`) and `slow` (whole-command CLI runs, Chromium, site planning, real OSM
 * data and generated cities). Anything not listed as slow is fast.
 *
 * The fast project runs its files in shared workers (`isolate: false`): importing the library once per
 * worker instead of once per file halves its CPU time. So a fast test must leave no global state
 * behind: no vi.mock/spyOn/stubGlobal, no process.exitCode, stderr or chdir (those belong in slow).
 */
export const SLOW = [
  'tests/cli.test.ts',
  'tests/cli-*.test.ts',
  'tests/input-handling.test.ts',
  'tests/report-browser.test.ts',
  'tests/report-city-browser.test.ts',
  'tests/browser-*.test.ts',
  'tests/whatif*.test.ts',
  'tests/planning.test.ts',
  'tests/monaco.test.ts',
  'tests/osm-to-report.test.ts',
  'tests/amap-to-report.test.ts',
  'tests/synthetic-city.test.ts',
  'tests/demo-data.test.ts',
  'tests/parallel-coverage.test.ts',
  'tests/read-network-worker.test.ts',
  'tests/parallel-router.test.ts',
  'tests/coverage-fields.test.ts',
  'tests/coverage-early.test.ts',
  'tests/parallel-catchments.test.ts',
  'tests/real-data*.test.ts',
  'tests/readme-example.test.ts',
  // GDAL, gdaltransform and throwaway PostGIS servers.
  'tests/gis-*.test.ts',
  'tests/layer-crs.test.ts',
  'tests/shapefile-input.test.ts',
  'tests/units.test.ts',
  // Hardening: SIGKILLed writers, fuzzing, the hostile-input table.
  'tests/crash-safety.test.ts',
  'tests/fuzz.test.ts',
  'tests/hostile-input.test.ts',
  'tests/full-disk.test.ts',
  'tests/report-hostile-names.test.ts',
  'tests/odd-input.test.ts',
  'tests/csv-formula.test.ts',
  'tests/package-contents.test.ts',
  'tests/scenario-marking.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', './tests/support/plain-summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'fast', include: ['tests/**/*.test.ts'], exclude: SLOW, isolate: false } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
