import { InputError } from '../errors.js';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import type { InputLimits } from '../io/limits.js';
import type { Network } from '../network/network.js';

/** What the main thread asks the network worker: read this layer and build the walking graph from it. */
export interface NetworkRequest {
  source: string;
  /** The name errors and warnings give the input (as `analyze`'s `sources.network`). */
  label: string;
  encoding?: string;
  /** The limits the CLI's flags set: the worker's module copy of io/limits starts at the defaults. */
  limits: InputLimits;
}

/** What the worker answers, as it goes and once at the end. */
export type NetworkReply =
  | { kind: 'bytes'; bytesRead: number }
  | { kind: 'done'; network: Omit<Network, 'segmentIndex'> & { segmentIndexData: ArrayBuffer }; notes: ImportDiagnostic[] }
  | { kind: 'failed'; error: SentError };

/**
 * An error as it crosses the thread boundary. Structured cloning keeps only an Error's message and
 * stack, so the InputError's file, feature and field travel as fields and the error is made again.
 */
export interface SentError {
  inputError: boolean;
  message: string;
  stack?: string;
  file?: string;
  feature?: number;
  field?: string;
}

export function sendableError(err: unknown): SentError {
  if (err instanceof InputError) return { inputError: true, message: err.message, file: err.file, feature: err.feature, field: err.field };
  const e = err instanceof Error ? err : new Error(String(err));
  return { inputError: false, message: e.message, stack: e.stack };
}

export function receivedError(sent: SentError): Error {
  if (!sent.inputError) {
    const e = new Error(sent.message);
    if (sent.stack) e.stack = sent.stack;
    return e;
  }
  const e = new InputError('', sent.file, sent.feature, sent.field);
  // The message was already formatted with file, feature and field by the worker's InputError.
  e.message = sent.message;
  return e;
}
