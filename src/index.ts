// The public library surface: re-exports only. Each line belongs to one module.
export { InputError } from './errors.js';
