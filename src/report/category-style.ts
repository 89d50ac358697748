import type { Analysis } from '../scoring/analyze.js';

/**
 * How a category is drawn on the report's map: a colour from Okabe and Ito's palette ("Color Universal
 * Design", 2008), whose eight colours stay distinct to readers with red-green (deutan, protan) and
 * blue-yellow (tritan) colour blindness, and a marker shape, so a category is told by its shape where
 * colour alone fails (print in grey, an eighth category). The palette's bluish green is left out: on
 * this map green means attainment. Orange and vermillion come late, as orange means "neither".
 */
export const CATEGORY_COLOURS = ['#0072B2', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#D55E00', '#E69F00'] as const;

/** Marker shapes, taken in turn once the colours have all been used (category k: colour k % 7, shape ⌊k / 7⌋). */
export const CATEGORY_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type MarkerShape = (typeof CATEGORY_SHAPES)[number];

function categoryIndex(analysis: Analysis, category: string): number {
  const i = analysis.categories.indexOf(category);
  return i < 0 ? analysis.categories.length : i;
}

export function categoryColour(analysis: Analysis, category: string): string {
  return CATEGORY_COLOURS[categoryIndex(analysis, category) % CATEGORY_COLOURS.length];
}

export function categoryShape(analysis: Analysis, category: string): MarkerShape {
  const k = Math.floor(categoryIndex(analysis, category) / CATEGORY_COLOURS.length);
  return CATEGORY_SHAPES[k % CATEGORY_SHAPES.length];
}
