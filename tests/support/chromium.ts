import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; browser tests skip themselves without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Debian's Chromium, headless, with a fresh profile; the background-networking flags keep it from
 * reaching for Google's hosts, which this machine's closed network refuses.
 */
export interface ChromiumOptions {
  height?: number;
  /** A phone: touch events and the mobile viewport meta tag honoured. */
  phone?: boolean;
}

export function launchChromium(profileDir: string, width: number, opts: ChromiumOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width, height: opts.height ?? 860 },
    deviceScaleFactor: 1,
    ...(opts.phone ? { hasTouch: true, isMobile: true } : {}),
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

/*
 * Page-side expressions for page.evaluate, as strings: the tests are type-checked without the DOM
 * library, and these run in the browser, not in Node.
 */

/** Pixels the map's canvas has painted (alpha > 0), counted after the next frame is drawn. */
export const PAINTED_PIXELS = `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const c = document.getElementById('map-canvas');
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
  done(n);
})))`;

/** The map's layers as its public object reports them. */
export const MAP_LAYERS = 'window.lifecircleMap.layers()';

/** What the map's last redraw put on screen, after the next frame. */
export const MAP_DRAWN = 'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.lifecircleMap.drawn()))))';

export interface LayerState { id: string; type: 'facilities' | 'coverage'; category: string; visible: boolean; count?: number }
