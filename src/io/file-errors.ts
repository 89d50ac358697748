import { readFile, stat } from 'node:fs/promises';
import { InputError, OutputError } from '../errors.js';

/**
 * A sentence for an operating-system error, so nobody sees a bare `EISDIR` or `ENOSPC`. The path is
 * named by the caller's InputError / OutputError, never a temporary file's name.
 */
export function fsErrorSentence(err: unknown, action: 'read' | 'write'): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return action === 'read' ? 'no such file' : 'a folder on the way does not exist';
    case 'EISDIR': return action === 'read' ? 'this is a folder, not a file' : 'a folder is in the way of this file';
    case 'ENOTDIR': return 'a part of this path is a file, not a folder';
    case 'EEXIST': return 'a file is in the way (expected a folder)';
    case 'EACCES':
    case 'EPERM': return action === 'read' ? 'permission denied: the file is not readable by this user' : 'permission denied: the folder is not writable by this user';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is used up';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    case 'ENAMETOOLONG': return 'the path is too long';
    case 'ELOOP': return 'the path has a loop of symbolic links';
    case 'EIO': return 'the disk reported an input/output error';
    case 'ENXIO':
    case 'ENODEV': return 'this is a device, not a file';
    default: return `cannot ${action} it (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}

/** An InputError for a failed read of `path`. An InputError passes through unchanged. */
export function readFailure(err: unknown, path: string): InputError {
  if (err instanceof InputError) return err;
  return new InputError(fsErrorSentence(err, 'read'), path);
}

/** An OutputError for a failed write to `path`. Errors already explained pass through unchanged. */
export function writeFailure(err: unknown, path: string): Error {
  if (err instanceof OutputError || err instanceof InputError) return err;
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC' || (err as NodeJS.ErrnoException | undefined)?.code === 'EDQUOT') {
    return new OutputError(`${fsErrorSentence(err, 'write')}; nothing was replaced, the previous outputs (if any) are as they were`, path);
  }
  return new OutputError(fsErrorSentence(err, 'write'), path);
}

/**
 * Checks that `path` is a regular file this process can open, before anything reads it: a folder,
 * a FIFO (which would block a read forever), a socket or a device is refused with a sentence.
 * Returns the file's size.
 */
export async function checkInputFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw readFailure(err, path);
  }
  if (info.isDirectory()) throw new InputError('this is a folder, not a file', path);
  if (info.isFIFO()) throw new InputError('this is a named pipe (FIFO), not a file; save the data to a file first', path);
  if (info.isSocket()) throw new InputError('this is a socket, not a file', path);
  if (info.isCharacterDevice() || info.isBlockDevice()) throw new InputError('this is a device, not a file', path);
  if (!info.isFile()) throw new InputError('this is not a regular file', path);
  return info.size;
}

/** A whole input file's bytes, after checkInputFile; any failure is an InputError naming the file. */
export async function readInputBytes(path: string): Promise<Uint8Array> {
  await checkInputFile(path);
  try {
    return await readFile(path);
  } catch (err) {
    throw readFailure(err, path);
  }
}
