import { createReadStream } from 'node:fs';

/** Thrown by fileLines when a line is longer than its limit; the caller decides what that means. */
export class LineTooLongError extends Error {
  constructor(readonly lineNo: number, readonly maxBytes: number) {
    super(`line ${lineNo} is longer than ${maxBytes} bytes`);
  }
}

/** The longest line read as one string: well under V8's ~512 MB string limit. */
export const DEFAULT_MAX_LINE_BYTES = 128 * 1024 * 1024;

/**
 * The lines of a UTF-8 file, without their line ends. Unlike readline, a line longer than
 * `maxBytes` is never assembled into a string (readline throws `Invalid string length` from inside
 * its event handler, past any try/catch, for a one-line file over 512 MB): it throws LineTooLongError.
 */
export async function* fileLines(path: string, maxBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  let partsBytes = 0;
  let lineNo = 0;
  const line = (last: Buffer): string => {
    const bytes = parts.length ? Buffer.concat([...parts, last]) : last;
    parts = [];
    partsBytes = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (partsBytes + piece.length > maxBytes) throw new LineTooLongError(lineNo + 1, maxBytes);
      if (nl < 0) {
        if (piece.length) { parts.push(piece); partsBytes += piece.length; }
        break;
      }
      lineNo++;
      yield line(piece);
      start = nl + 1;
    }
  }
  if (partsBytes > 0) yield line(Buffer.alloc(0));
}
