// `npm run fuzz [-- N]`: N (default 10,000) fuzzed inputs through the CLI, split over the targets of
// tests/support/fuzz-targets.ts; prints per target how many gave a result and how many an InputError.
// Any other outcome (a crash, an exit code other than 0 or 2, a stack trace, more than 10 s, output
// left behind) stops the run with the counterexample and exit code 1.
import fc from 'fast-check';
import { cleanFuzzScratch, FUZZ_TARGETS, type Outcome } from '../tests/support/fuzz-targets.js';

const total = Number(process.argv[2] ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const per = Math.ceil(total / FUZZ_TARGETS.length);
process.stdout.write(`fuzz: ${per * FUZZ_TARGETS.length} cases, seed ${seed}\n`);
let failed = false;
let cases = 0;
const started = Date.now();
for (const target of FUZZ_TARGETS) {
  const counts: Record<Outcome, number> = { result: 0, 'input-error': 0 };
  const t0 = Date.now();
  const report = await fc.check(fc.asyncProperty(target.arbitrary, async (m) => { counts[await target.run(m)]++; }), { numRuns: per, seed });
  cases += counts.result + counts['input-error'];
  process.stdout.write(`${target.name}: ${counts.result} results, ${counts['input-error']} input errors, ` +
    `${report.failed ? 'FAILED' : '0 crashes, 0 hangs, 0 leftovers'} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (report.failed) {
    failed = true;
    process.stdout.write(`${fc.defaultReportMessage(report)}\n`);
  }
}
cleanFuzzScratch();
process.stdout.write(`fuzz: ${cases} cases in ${((Date.now() - started) / 1000).toFixed(0)} s, ${failed ? 'FAILED' : 'no crash, hang or leftover output'}\n`);
process.exitCode = failed ? 1 : 0;
