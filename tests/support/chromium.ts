import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; browser tests skip themselves without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Debian's Chromium, headless, with a fresh profile; the background-networking flags keep it from
 * reaching for Google's hosts, which this machine's closed network refuses.
 */
export function launchChromium(profileDir: string, width: number): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width, height: 860 },
    deviceScaleFactor: 1,
  });
}

/** Aborts and records every request that does not read a local file: a report must make none. */
export async function recordForeignRequests(context: BrowserContext): Promise<string[]> {
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  return foreign;
}
