/**
 * How a reader learns a feature's category without classifying it itself: io reads, standards
 * classify (ARCHITECTURE.md, "One-way imports"). The caller passes e.g. `(p) => categorize(p, map)`.
 */
export type CategoryOf = (properties: Record<string, unknown>) => string | undefined;
