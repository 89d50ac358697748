import type { Feature } from 'geojson';
import { WhatIfSession, type AddFacility } from './session.js';
import type { WhatIfState } from './state.js';
import { whatIfView, type WhatIfView } from './view.js';

/**
 * The what-if engine as the report page runs it: bundled by scripts/build-browser.mjs into
 * dist/browser/whatif.js, which the report inlines. Loaded as a Web Worker (from a Blob, so it works
 * from file://) it answers messages; loaded in the page itself (where a worker cannot start) it offers
 * the same handler as `LifecircleWhatIf.handle`.
 */
export type WhatIfRequest =
  | { op: 'init'; state: WhatIfState | string }
  | { op: 'add'; facility: AddFacility }
  | { op: 'move'; id: string; lon: number; lat: number }
  | { op: 'remove'; id: string }
  | { op: 'undo' | 'redo' | 'reset' | 'summary' }
  | { op: 'load'; add?: Feature[]; remove?: (string | number)[] };

let session: WhatIfSession | undefined;

export function handle(req: WhatIfRequest): WhatIfView {
  const t0 = performance.now();
  if (req.op === 'init') session = new WhatIfSession(typeof req.state === 'string' ? JSON.parse(req.state) as WhatIfState : req.state);
  if (!session) throw new Error('the what-if engine has no state yet');
  switch (req.op) {
    case 'add': session.add(req.facility); break;
    case 'move': session.move(req.id, req.lon, req.lat); break;
    case 'remove': session.remove(req.id); break;
    case 'undo': session.undo(); break;
    case 'redo': session.redo(); break;
    case 'reset': session.reset(); break;
    case 'load': session.load({ add: req.add, remove: req.remove }); break;
    default: break;
  }
  return whatIfView(session, performance.now() - t0);
}

interface WorkerScope { postMessage(m: unknown): void; onmessage: ((e: { data: { seq: number; req: WhatIfRequest } }) => void) | null }
const scope = globalThis as unknown as WorkerScope & { document?: unknown; LifecircleWhatIf?: unknown };

if (scope.document === undefined && typeof scope.postMessage === 'function') {
  scope.onmessage = (e) => {
    const { seq, req } = e.data;
    try {
      scope.postMessage({ seq, ok: true, view: handle(req) });
    } catch (err) {
      scope.postMessage({ seq, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
} else {
  scope.LifecircleWhatIf = { handle };
}
