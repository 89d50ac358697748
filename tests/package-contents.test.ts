// Package hygiene (issue 15, "What to deliver" 8), checked on what `npm pack` would ship (scripts off,
// so it reads the dist/ already built): a LICENSE, every source map resolving to a shipped file, the
// README's screenshot inside the package, no build on install, the home fields present.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe.skipIf(!existsSync(join(root, 'dist', 'index.js')))('the packed package', () => {
  const files = new Set<string>((JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0].files as { path: string }[]).map((f) => f.path));

  it('ships a LICENSE matching package.json, the README and the screenshot the README shows', () => {
    expect(files.has('LICENSE')).toBe(true);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toContain(`${pkg.license} License`);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const firstImage = /!\[[^\]]*\]\(([^)]+)\)/.exec(readme)![1];
    expect(files.has(firstImage), firstImage).toBe(true);
  });

  it('has no source map pointing at a file it does not ship', () => {
    const maps = [...files].filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(50);
    const missing = maps.flatMap((m) => (JSON.parse(readFileSync(join(root, m), 'utf8')).sources as string[])
      .map((s) => normalize(join(dirname(m), s))).filter((s) => !files.has(s)));
    expect(missing).toEqual([]);
  });

  it('builds on prepack, never on install, and names its home', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.install).toBeUndefined();
    expect(pkg.scripts.postinstall).toBeUndefined();
    // `prepare` runs on install from a tarball too: it must do nothing there (no .git, no tsc).
    expect(pkg.scripts.prepare).toBe('node scripts/build-if-checkout.mjs');
    expect(files.has('scripts/build-if-checkout.mjs')).toBe(true);
    expect(readFileSync(join(root, 'scripts/build-if-checkout.mjs'), 'utf8')).toMatch(/existsSync\(new URL\('\.\.\/\.git'/);
    for (const field of [pkg.repository?.url, pkg.homepage, pkg.bugs?.url]) expect(field).toMatch(/^(git\+)?https:\/\//);
  });
});
