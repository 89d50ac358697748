// The diagnostic type lives in errors.ts, which every layer may import (the analysis reports its
// warnings in the same shape as the readers).
export type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
