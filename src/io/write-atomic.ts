import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OutputError } from '../errors.js';
import { writeFailure } from './file-errors.js';
import { processAlive } from './process-alive.js';

const TEMP = /^\.(.+)\.lifecircle-(\d+)-[0-9a-f]+\.tmp$/;

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.lifecircle-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Removes temporary files that killed runs left beside `path` (their process is gone). */
async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m && m[1] === basename(path) && Number(m[2]) !== process.pid && !processAlive(Number(m[2]))) {
      await rm(join(dir, name), { force: true }).catch(() => {});
    }
  }
}

/**
 * Writes a file whole or not at all: to a temporary name beside it, then a rename, which is atomic
 * on one file system. A reader never sees half a file, a failure leaves no partial output, and the
 * temporary files of killed runs are removed by the next write. Failures are OutputErrors naming `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new OutputError('this is a folder; name the file to write', path);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw writeFailure(err, path);
  }
  await removeStaleTemps(path);
  const tmp = tempPath(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw writeFailure(err, path);
  }
}

/**
 * Writes a set of files so that either all of them appear or none: each is written to a temporary
 * name first, and only when every write has succeeded are they renamed into place. (The renames
 * are one by one; for a folder that must change as one set, use `writeOutputFolder`.)
 */
export async function writeFilesAtomic(files: ReadonlyArray<readonly [path: string, data: string | Uint8Array]>): Promise<void> {
  const written: [string, string][] = [];
  try {
    for (const [path, data] of files) {
      try {
        await mkdir(dirname(path), { recursive: true });
        const tmp = tempPath(path);
        written.push([tmp, path]);
        await writeFile(tmp, data);
      } catch (err) {
        throw writeFailure(err, path);
      }
    }
  } catch (err) {
    await Promise.all(written.map(([tmp]) => rm(tmp, { force: true })));
    throw err;
  }
  for (const [tmp, path] of written) {
    try {
      await rename(tmp, path);
    } catch (err) {
      throw writeFailure(err, path);
    }
  }
}
