import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to `fd`. writeSync writes what fits and returns the count, so on a disk that
 * fills up mid-write one call can succeed short and leave a truncated file with no error; looping
 * turns the rest into the ENOSPC it is.
 */
export function writeAllSync(fd: number, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let offset = 0;
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
}
