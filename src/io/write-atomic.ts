import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/**
 * Writes a file whole or not at all: to a temporary name beside it, then a rename, which is atomic
 * on one file system. A reader never sees half a file, and a failure leaves no partial output.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes a set of files so that either all of them appear or none: each is written to a temporary
 * name first, and only when every write has succeeded are they renamed into place.
 */
export async function writeFilesAtomic(files: ReadonlyArray<readonly [path: string, data: string | Uint8Array]>): Promise<void> {
  const written: [string, string][] = [];
  try {
    for (const [path, data] of files) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
      written.push([tmp, path]);
      await writeFile(tmp, data);
    }
  } catch (err) {
    await Promise.all(written.map(([tmp]) => rm(tmp, { force: true })));
    throw err;
  }
  for (const [tmp, path] of written) await rename(tmp, path);
}
