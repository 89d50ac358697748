// `npm publish` runs scripts/check-publish.mjs first (prepublishOnly): it refuses while package.json's
// repository cannot be reached or does not hold the commit being published, and lets a publish go once
// it does. A local bare repository stands in for GitHub (git reaches file:// URLs like any other).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './support/scratch.js';

const script = fileURLToPath(new URL('../scripts/check-publish.mjs', import.meta.url));
const { dir } = scratchDir('lc-publish-');
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });

/** A checkout with one commit whose package.json names `url` (homepage and bugs beside it). */
function checkout(name: string, url: string, over: Record<string, unknown> = {}): string {
  const path = join(dir, name);
  execFileSync('git', ['init', '-q', path]);
  const page = url.replace(/^git\+/, '').replace(/\.git$/, '');
  writeFileSync(join(path, 'package.json'), JSON.stringify({ name: 'lifecircle', repository: { type: 'git', url }, homepage: `${page}#readme`, bugs: { url: `${page}/issues` }, ...over }));
  git(path, 'add', '.');
  git(path, 'commit', '-qm', 'one');
  return path;
}
const check = (path: string) => spawnSync(process.execPath, [script, path], { encoding: 'utf8' });

describe('prepublishOnly: the repository must be confirmed', () => {
  it('is what npm publish runs', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(pkg.scripts.prepublishOnly).toBe('node scripts/check-publish.mjs');
  });

  it('refuses an unreachable repository, saying what to do', () => {
    const path = checkout('unreachable', `git+file://${join(dir, 'nobody-created-this.git')}`);
    const r = check(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^prepublishOnly: not publishing: repository\.url file:\/\/.*nobody-created-this\.git cannot be reached \(.+\); create the repository and push to it first/);
  });

  it('refuses a reachable repository that does not hold the commit being published, then accepts it once pushed', () => {
    const bare = join(dir, 'home.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    const path = checkout('unpushed', `git+file://${bare}`);
    const before = check(path);
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/no branch or tag of file:\/\/.*home\.git is at this commit \([0-9a-f]{12}\); push it there first/);
    git(path, 'push', '-q', bare, 'HEAD:refs/heads/main');
    const after = check(path);
    expect(after.stderr).toMatch(/holds [0-9a-f]{12}; publishing/);
    expect(after.status).toBe(0);
  });

  it('refuses homepage or bugs that are not pages of the repository', () => {
    const bare = join(dir, 'other.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    const path = checkout('mismatch', `git+file://${bare}`, { bugs: { url: 'https://example.org/someone-else/issues' } });
    const r = check(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bugs.url (https://example.org/someone-else/issues) is not a page of repository.url');
  });

  it('refuses uncommitted changes', () => {
    const bare = join(dir, 'dirty.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    const path = checkout('dirty', `git+file://${bare}`);
    git(path, 'push', '-q', bare, 'HEAD:refs/heads/main');
    writeFileSync(join(path, 'package.json'), `${readFileSync(join(path, 'package.json'), 'utf8')}\n`);
    const r = check(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('uncommitted changes');
  });
});
