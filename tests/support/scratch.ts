import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A temporary folder for one test file's inputs and outputs, removed after its tests: `put` writes
 * text and bytes as given and anything else as JSON, and returns the path.
 */
export function scratchDir(prefix: string): { dir: string; put: (name: string, value: unknown) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    put: (name, value) => {
      const p = join(dir, name);
      writeFileSync(p, typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value));
      return p;
    },
  };
}

/** A FeatureCollection of the given features. */
export const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
