/** Comparable form of a header: width-folded, lower-case, without spaces, and without a CRS or unit suffix in brackets. */
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[([（【].*?[)\]）】]/g, '')
    .replace(/[\s_\-.:]/g, '');
}
