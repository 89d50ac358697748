/**
 * Something an importer noticed that the user should know but that does not stop the import:
 * an unstated coordinate system, rows left out, a boundary clipped by the extract.
 */
export interface ImportDiagnostic {
  level: 'warning' | 'info';
  /** A stable machine-readable code, e.g. "crs-unstated". */
  code: string;
  message: string;
  file?: string;
  /** 0-based data row (CSV) or element index the diagnostic is about, when it is about one. */
  row?: number;
}
