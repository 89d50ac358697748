// An output folder that changes as one set. The files of a run are written into a new folder beside
// `out`; when all are written, the old folder is moved aside and the new one renamed to `out`, then
// the old one is removed. A run killed at any moment leaves `out` holding the old complete set or
// the new one, never a mix. Node has no renameat2(RENAME_EXCHANGE), so the swap takes two renames;
// a kill in the microseconds between them leaves `out` missing with both sets complete beside it,
// and the next run puts the new one in place before anything else. Leftovers of killed runs
// (half-written new folders, old folders, locks) are recognised by their dead process id and removed.
// A lock beside `out` makes two runs into one folder take turns: the later one's set wins, whole.
import { access, constants, lstat, mkdir, open, readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError, OutputError } from '../errors.js';
import { processAlive } from './process-alive.js';
import { fsErrorSentence, writeFailure } from './file-errors.js';

/**
 * What lifecircle may find in a folder it replaces: its own outputs (any command's, any format) and
 * temporary files of older versions. Anything else means the folder is someone's, not an output set.
 */
const OWN_ENTRY = /^(?:(?:communities|facilities|coverage|suggestions|network|buildings|residents|travel-times|isochrones)(?:\.[a-z0-9]+)+|lifecircle\.gpkg|(?:summary|plan|import-summary|manifest)\.json|report\.(?:md|html)|\..+\.tmp)$/i;

export interface OutputFolderOptions {
  /** Every file read: none may lie inside `out`, since the whole folder is replaced. */
  inputs?: readonly (string | undefined)[];
  /** How long to wait for another run writing the same folder (default 10 minutes). */
  waitMs?: number;
  /** The flag that named the folder, for messages (default `--out`). */
  flag?: string;
}

export class OutputFolder {
  private done = false;

  private constructor(
    /** The folder the user named, as given (for messages). */
    readonly out: string,
    /** Its real path: where the set goes. */
    private readonly target: string,
    /** The new folder being filled. */
    readonly staging: string,
    private readonly releaseLock: () => Promise<void>,
  ) {}

  /** Prepares a new set for `out`: checks the folder, takes the lock, clears leftovers, makes the new folder. */
  static async open(out: string, opts: OutputFolderOptions = {}): Promise<OutputFolder> {
    const flag = opts.flag ?? '--out';
    const target = await resolveTarget(out, flag);
    await assertNoInputInside(target, out, opts.inputs ?? []);
    const parent = dirname(target);
    try {
      await mkdir(parent, { recursive: true });
    } catch (err) {
      throw writeFailure(err, out);
    }
    const release = await acquireLock(lockPath(target), out, opts.waitMs ?? 600_000);
    try {
      await recoverAndClean(target);
      await assertOwnFolder(target, out, flag);
      const staging = join(parent, `.${basename(target)}.lifecircle-new-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        await mkdir(staging);
      } catch (err) {
        throw new OutputError(`cannot create the new output folder beside it in ${parent}: ${fsErrorSentence(err, 'write')}`, out);
      }
      return new OutputFolder(out, target, staging, release);
    } catch (err) {
      await release();
      throw err;
    }
  }

  /** Where a file of the new set is written before commit. */
  file(name: string): string {
    return join(this.staging, name);
  }

  /** Where a file of the set is once committed (for messages and return values). */
  finalPath(name: string): string {
    return join(this.out, name);
  }

  /**
   * Writes one file of the new set. `setBytes`, the size of the whole set, goes into the message when
   * the disk is full, so the user knows how much room to make (a function: counted only then, since
   * counting a city's 35 MB of text as UTF-8 costs about as much as writing it).
   */
  async write(name: string, data: string | Uint8Array, setBytes?: number | (() => number)): Promise<void> {
    try {
      await writeFile(this.file(name), data);
    } catch (err) {
      throw noRoomFailure(err, this.out, name, () => byteLength(data), setBytes) ?? writeFailure(err, this.finalPath(name));
    }
  }

  /** Puts the new set in place of the old one (see the module comment), then releases the lock. */
  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      const old = this.staging.replace('.lifecircle-new-', '.lifecircle-old-');
      let hadOld = true;
      try {
        await rename(this.target, old);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailure(err, this.out);
        hadOld = false;
      }
      try {
        await rename(this.staging, this.target);
      } catch (err) {
        if (hadOld) await rename(old, this.target).catch(() => {});
        throw writeFailure(err, this.out);
      }
      if (hadOld) await rm(old, { recursive: true, force: true }).catch(() => {});
    } catch (err) {
      await rm(this.staging, { recursive: true, force: true }).catch(() => {});
      throw err;
    } finally {
      await this.releaseLock();
    }
  }

  /** Drops the new set; the old one stays as it was. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await rm(this.staging, { recursive: true, force: true });
    } finally {
      await this.releaseLock();
    }
  }
}

/**
 * The checks `open` makes before writing, without the lock: to run before a long analysis, so a bad
 * --out fails at once instead of after it.
 */
export async function checkOutputFolder(out: string, opts: OutputFolderOptions = {}): Promise<void> {
  const flag = opts.flag ?? '--out';
  const target = await resolveTarget(out, flag);
  await assertNoInputInside(target, out, opts.inputs ?? []);
  await assertOwnFolder(target, out, flag);
}

/** Writes `files` (name, contents) as the new set of `out`. Returns the final paths. */
export async function writeOutputFolder(
  out: string,
  files: ReadonlyArray<readonly [name: string, data: string | Uint8Array]>,
  opts: OutputFolderOptions = {},
  /**
   * Work that must succeed for the folder to appear (the PostGIS tables written beside the
   * reports): run once every file is staged; if it throws, the folder is left as it was.
   */
  beforeCommit?: () => Promise<unknown>,
): Promise<string[]> {
  const folder = await OutputFolder.open(out, opts);
  const setBytes = () => files.reduce((sum, [, data]) => sum + byteLength(data), 0);
  try {
    for (const [name, data] of files) await folder.write(name, data, setBytes);
    await beforeCommit?.();
  } catch (err) {
    await folder.abort();
    throw err;
  }
  await folder.commit();
  return files.map(([name]) => folder.finalPath(name));
}

const byteLength = (data: string | Uint8Array) => (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);

const size = (bytes: number) => (bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/**
 * The sentence for a disk that is full, over quota or read-only while the set is written: it names
 * the file and the folder, says the old set is untouched, and what to do. Undefined for other errors.
 */
function noRoomFailure(err: unknown, out: string, name: string, fileBytes: () => number, setBytes?: number | (() => number)): OutputError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'EROFS') return undefined;
  const bytes = fileBytes();
  const need = setBytes === undefined ? '' : ` (the whole set is ${size(typeof setBytes === 'function' ? setBytes() : setBytes)})`;
  const remedy = code === 'EROFS'
    ? 'name an output folder on a writable disk'
    : `make room there${need} or name an output folder on another disk`;
  return new OutputError(
    `cannot write ${name} (${size(bytes)}) into this folder: ${fsErrorSentence(err, 'write')}; nothing was replaced, the previous outputs in the folder (if any) are as they were; ${remedy}`,
    out,
  );
}

/** The real path of `out` (a symlinked folder is replaced where it points); refuses a file in the way. */
async function resolveTarget(out: string, flag: string): Promise<string> {
  if (out.trim() === '') throw new InputError(`${flag} is empty; name an output folder`);
  const absolute = resolve(out);
  let info;
  try {
    info = await stat(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return join(await realParent(dirname(absolute), out), basename(absolute));
    throw writeFailure(err, out);
  }
  if (!info.isDirectory()) throw new OutputError(`a file is in the way: ${flag} must name a folder (new, empty, or one lifecircle wrote)`, out);
  const real = await realpath(absolute);
  if (dirname(real) === real) throw new OutputError(`${flag} cannot be the root folder`, out);
  try {
    await access(real, constants.W_OK);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'EROFS' ? 'the folder is on a read-only file system' : 'the folder is read-only for this user';
    throw new OutputError(`${why}; the previous outputs in it were left as they were`, out);
  }
  return real;
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor's, joined with the rest. */
async function realParent(path: string, out: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) throw new OutputError(`${path} is a file, not a folder`, out);
    return await realpath(path);
  } catch (err) {
    if (err instanceof OutputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && dirname(path) !== path) return join(await realParent(dirname(path), out), basename(path));
    if (code === 'ENOTDIR') throw new OutputError('a part of this path is a file, not a folder', out);
    throw writeFailure(err, out);
  }
}

/** Inputs are never modified: an input inside the folder would go with the old set. */
async function assertNoInputInside(target: string, out: string, inputs: readonly (string | undefined)[]): Promise<void> {
  for (const input of inputs) {
    if (!input) continue;
    let real: string;
    try {
      real = await realpath(resolve(input));
    } catch {
      real = resolve(input);
    }
    const rel = relative(target, real);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      throw new InputError(`this input is inside the output folder ${out}, which a run replaces whole; inputs are never modified: write the outputs elsewhere (another --out)`, input);
    }
  }
}

/** Refuses a folder holding anything lifecircle did not write there, which replacing it would lose. */
async function assertOwnFolder(target: string, out: string, flag: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw writeFailure(err, out);
  }
  const foreign: string[] = [];
  for (const name of entries) {
    if (!OWN_ENTRY.test(name)) { foreign.push(name); continue; }
    const info = await lstat(join(target, name)).catch(() => undefined);
    if (info && !info.isFile()) foreign.push(`${name}/`);
  }
  if (foreign.length) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
    throw new OutputError(
      `the folder holds files lifecircle did not write (${shown}); a run replaces its ${flag} folder whole, so name a new or empty folder, or one a previous run wrote`,
      out,
    );
  }
}

// Leftovers of killed runs -----------------------------------------------------------------------

const LEFTOVER = /^\.(.+)\.lifecircle-(new|old)-(\d+)-([0-9a-f]+)$/;

/**
 * Under the lock: a run killed between its two renames left `out` missing and its complete new set
 * beside it, which goes into place; every other leftover of a dead run is removed.
 */
async function recoverAndClean(target: string): Promise<void> {
  const parent = dirname(target);
  const base = basename(target);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const dead = new Map<string, { new?: string; old?: string }>();
  for (const name of entries) {
    const m = LEFTOVER.exec(name);
    if (!m || m[1] !== base || processAlive(Number(m[3]))) continue;
    const run = `${m[3]}-${m[4]}`;
    const pair = dead.get(run) ?? {};
    pair[m[2] as 'new' | 'old'] = join(parent, name);
    dead.set(run, pair);
  }
  if (dead.size === 0) return;
  const targetExists = await stat(target).then(() => true, () => false);
  for (const pair of dead.values()) {
    // Both present means the new set was complete when the old one was moved aside.
    if (!targetExists && pair.new && pair.old) {
      await rename(pair.new, target);
      pair.new = undefined;
    }
    for (const p of [pair.new, pair.old]) if (p) await rm(p, { recursive: true, force: true }).catch(() => {});
  }
}

// The lock ----------------------------------------------------------------------------------------

function lockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.lifecircle-lock`);
}

async function lockHolder(path: string): Promise<{ pid?: number; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const pid = Number(text.trim());
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, ageMs: Date.now() - info.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock file beside the folder (created exclusively, holding our process id). A lock whose
 * process is gone is removed; one still held is waited for. Returns the release function.
 */
async function acquireLock(path: string, out: string, waitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } catch (err) {
        // A full disk can refuse the few bytes of the id: an empty lock left here would make the next run wait.
        await handle.close().catch(() => {});
        await rm(path, { force: true }).catch(() => {});
        throw err;
      }
      await handle.close();
      return async () => { await rm(path, { force: true }).catch(() => {}); };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new OutputError(`cannot lock the folder for writing (${fsErrorSentence(err, 'write')})`, out);
      }
    }
    const holder = await lockHolder(path);
    if (holder === undefined) continue; // released meanwhile
    // An empty lock is one being written this instant, unless it has been empty for seconds (its writer died).
    const stale = holder.pid !== undefined ? !processAlive(holder.pid) : holder.ageMs > 5000;
    if (stale) {
      // Compare, then remove: two runs breaking the same stale lock at once both remove the file it
      // was; the one that removes the other's fresh lock is the only (rare) loser, and both still write whole sets.
      const again = await lockHolder(path);
      if (again && again.pid === holder.pid) await rm(path, { force: true }).catch(() => {});
      continue;
    }
    if (Date.now() > deadline) {
      throw new OutputError(`another lifecircle run (process ${holder.pid ?? '?'}) is writing this folder; try again when it has finished`, out);
    }
    await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
  }
}
