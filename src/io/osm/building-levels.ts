// OSM `building:levels`: storeys above ground, a number in principle, in practice also lists
// ("3;4" for a building with parts of 3 and 4 storeys, "3,4" likewise) and decimal commas ("2,5").

/** Values of more than this many storeys are taken for typing mistakes. */
const MAX_LEVELS = 300;

/**
 * The storeys a `building:levels` value gives: the largest of a list (the tallest part bounds
 * how many live there), 0 for a structure with no storey above ground (no residents), null when
 * missing or unreadable (negative, above MAX_LEVELS, not a number) so a default applies.
 */
export function parseBuildingLevels(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  // ",5" reads as a decimal comma (half storeys: "2,5" is 2.5, the only fraction mapped in
  // numbers); any other comma separates values ("3,4" is parts of 3 and 4 storeys, not 3.4).
  const parts = /^\d+,5$/.test(v) ? [v.replace(',', '.')] : v.split(/[;,]/);
  let best: number | null = null;
  for (const part of parts) {
    const t = part.trim();
    if (!/^\d+(\.\d+)?$/.test(t)) continue;
    const n = Number(t);
    if (n <= MAX_LEVELS && (best === null || n > best)) best = n;
  }
  return best;
}
