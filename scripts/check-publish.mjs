// `prepublishOnly`: refuses `npm publish` until package.json's `repository` is confirmed to be this
// project's home. The fields `repository`, `homepage` and `bugs` name github.com/lifecircle/lifecircle,
// the intended home, which nobody had created or verified when they were written (README, "Package").
// npm's package page sends bug reports there and resolves the README's screenshots against it, so a
// publish must not go out while it is unreachable or someone else's. Confirmed means: `git ls-remote`
// reaches repository.url and one of its refs points at the commit being published (pushed first), and
// homepage and bugs.url are pages of that same repository. No network, no publish.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.argv[2] ?? process.cwd();

function refuse(why) {
  process.stderr.write(`prepublishOnly: not publishing: ${why}\n`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
if (!url) refuse('package.json has no repository.url; name the project\'s home before publishing');
// npm's `git+https://host/owner/name.git` form; git itself wants the URL without `git+`.
const gitUrl = url.replace(/^git\+/, '');
const page = gitUrl.replace(/\.git$/, '');
const homepage = pkg.homepage ?? '';
const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url ?? '';
for (const [field, value] of [['homepage', homepage], ['bugs.url', bugs]]) {
  if (!value.startsWith(page)) refuse(`${field} (${value || 'missing'}) is not a page of repository.url (${page})`);
}

let head;
try {
  head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
} catch {
  refuse(`${dir} is not a git checkout; publish from a clone of ${page}`);
}
if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8' }).trim() !== '') {
  refuse('the checkout has uncommitted changes; commit and push what you publish');
}

let refs;
try {
  refs = execFileSync('git', ['ls-remote', gitUrl], {
    cwd: dir, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
} catch (err) {
  const reason = String(err.stderr ?? err.message).trim().split('\n').pop();
  refuse(`repository.url ${gitUrl} cannot be reached (${reason}); create the repository and push to it first, or correct repository, homepage and bugs in package.json`);
}
if (!refs.split('\n').some((line) => line.startsWith(`${head}\t`))) {
  refuse(`no branch or tag of ${gitUrl} is at this commit (${head.slice(0, 12)}); push it there first, so the repository holds what is published`);
}
process.stderr.write(`prepublishOnly: ${gitUrl} holds ${head.slice(0, 12)}; publishing\n`);
