// Drives Debian's Firefox ESR over WebDriver BiDi, for the what-if smoke test: playwright-core drives
// stock Firefox only through BiDi commands ESR lacks (emulation.setMediaFeaturesOverride), so this
// speaks the few it needs itself. Run with `node --experimental-websocket` (Node 20 has WebSocket only
// behind that flag): firefox-bidi.mjs URL EXPRESSIONS_JSON. Opens URL in a fresh headless profile,
// evaluates each expression in turn (promises awaited; each must give a string) and prints the
// results as one JSON array on stdout. Firefox is stopped and its profile removed in every case.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
/* global WebSocket -- Node 20's, behind --experimental-websocket */

const [url, expressionsJson] = process.argv.slice(2);
const expressions = JSON.parse(expressionsJson);
const profile = mkdtempSync(join(tmpdir(), 'lc-firefox-'));
const firefox = spawn('/usr/bin/firefox-esr', ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
const stop = () => {
  firefox.kill('SIGKILL');
  rmSync(profile, { recursive: true, force: true });
};

try {
  const endpoint = await new Promise((resolve, reject) => {
    let text = '';
    const read = (chunk) => {
      text += chunk;
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]);
    };
    firefox.stdout.on('data', read);
    firefox.stderr.on('data', read);
    firefox.on('exit', (code) => reject(new Error(`firefox exited (${code}) before listening: ${text.slice(-500)}`)));
    setTimeout(() => reject(new Error(`firefox did not start its BiDi server in 60 s: ${text.slice(-500)}`)), 60_000);
  });
  const ws = new WebSocket(`${endpoint}/session`);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error(`cannot connect to ${endpoint}`)); });
  let lastId = 0;
  const pending = new Map();
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.id !== undefined && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
  };
  const send = (method, params) => new Promise((resolve, reject) => {
    const id = ++lastId;
    pending.set(id, (m) => (m.type === 'success' ? resolve(m.result) : reject(new Error(`${method}: ${m.error}: ${m.message}`))));
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send('session.new', { capabilities: {} });
  const context = (await send('browsingContext.getTree', {})).contexts[0].context;
  await send('browsingContext.navigate', { context, url, wait: 'complete' });
  const results = [];
  for (const expression of expressions) {
    const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: true });
    if (r.type === 'exception') throw new Error(`page threw: ${r.exceptionDetails.text}`);
    results.push(r.result.value);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  await send('session.end', {}).catch(() => {});
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  stop();
}
process.exit();
