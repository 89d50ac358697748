// A fault-injecting preload for CLI child processes (node --import tsx --import this ... cli-entry.ts):
// makes the file system refuse writes the way a full disk, a used-up quota or a read-only mount does,
// on any machine, without root. LIFECIRCLE_TEST_FAIL_WRITE="ENOSPC:report.html" fails the write of
// every file named report.html after half of its bytes reached the disk (as a disk filling up
// mid-file does); "ENOSPC:lock" fails writing the output folder's lock file.
import fsp from 'node:fs/promises';
import { constants } from 'node:os';
import { basename } from 'node:path';
import { syncBuiltinESMExports } from 'node:module';

const [code, target] = (process.env.LIFECIRCLE_TEST_FAIL_WRITE ?? '').split(':');
const errno = (constants.errno as Record<string, number>)[code];
if (errno === undefined || !target) throw new Error(`LIFECIRCLE_TEST_FAIL_WRITE must be CODE:file, got "${process.env.LIFECIRCLE_TEST_FAIL_WRITE}"`);

const failure = () => Object.assign(new Error(`${code}: simulated by tests/support/fail-writes.ts, write`), { errno: -errno, code, syscall: 'write' });

if (target === 'lock') {
  // FileHandle is not exported; its prototype is reached through a handle.
  const probe = await fsp.open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(probe) as { writeFile: (...a: unknown[]) => Promise<void> };
  await probe.close();
  proto.writeFile = async () => { throw failure(); };
} else {
  const writeFile = fsp.writeFile;
  fsp.writeFile = (async (path: Parameters<typeof writeFile>[0], data: string | Uint8Array, options?: Parameters<typeof writeFile>[2]) => {
    if (typeof path === 'string' && basename(path) === target) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await writeFile(path, bytes.subarray(0, bytes.byteLength >> 1));
      throw failure();
    }
    return writeFile(path, data, options);
  }) as typeof writeFile;
  syncBuiltinESMExports();
}
