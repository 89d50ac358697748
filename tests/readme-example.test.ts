import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The README's library example, run as written: its ```ts block under "## Library", with 'lifecircle'
 * pointed at the source entry. It reads the demo data as FeatureCollections from JSON.parse.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));

function readmeExample(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no ts example under ## Library');
  return block[1];
}

describe('README library example', () => {
  it('runs on FeatureCollections straight from JSON.parse and gives a scored city', async () => {
    const code = readmeExample();
    expect(code).toContain("from 'lifecircle'");
    expect(code).toContain('JSON.parse');
    const dir = join(repo, '.scratch', `readme-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'example.ts');
    const entry = join(repo, 'src', 'index.ts');
    writeFileSync(file, `${code.replace("from 'lifecircle'", `from ${JSON.stringify(entry)}`)}\nexport { result, coverage, times, walk };\n`);
    try {
      const cwd = process.cwd();
      process.chdir(repo); // the example reads data/demo/ relative to the project, as a user in it would
      let m: Record<string, any>;
      try { m = await import(file); } finally { process.chdir(cwd); }
      expect(m.result.communities.length).toBeGreaterThan(10);
      expect(m.result.kinds.some((k: { scored: number }) => k.scored > 0)).toBe(true);
      expect(m.coverage.features.length).toBeGreaterThan(0);
      expect(m.times.categories.length).toBeGreaterThan(0);
      expect(m.walk.features.map((f: { properties: { minutes: number } }) => f.properties.minutes)).toEqual([5, 10, 15]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
