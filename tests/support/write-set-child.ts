// A writer for the crash tests: writes output sets into argv[2] with writeOutputFolder, generation
// after generation, until killed (or `count` sets when argv[4] is given). Each set is `FILES` files
// of about 256 KB, every one stamped with the writer's tag and generation, so a reader can tell a
// whole set from a mix.
import { writeOutputFolder } from '../../src/io/output-folder.js';

export const FILES = ['communities.csv', 'communities.geojson', 'facilities.geojson', 'coverage.geojson', 'summary.json', 'report.md', 'report.html'];

const [out, tag, count] = process.argv.slice(2);
const filler = 'x'.repeat(256 * 1024);
for (let generation = 1; count === undefined || generation <= Number(count); generation++) {
  const stamp = `${tag}:${generation}`;
  await writeOutputFolder(out, FILES.map((name) => [name, `${stamp}\n${filler}\n${stamp}\n`] as const));
  process.stdout.write(`${stamp}\n`);
}
