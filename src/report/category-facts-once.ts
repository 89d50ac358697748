import type { Analysis } from '../scoring/analyze.js';
import { categoryFacts, type CategoryFact } from './report-facts.js';

const made = new WeakMap<Analysis, CategoryFact[]>();

/**
 * `categoryFacts`, made once per analysis: report.html and report.md are written from the same
 * analysis one after the other, and on a city (3,000 communities, 15 categories) the facts' passes
 * over every community per category and level were a large part of the report stage. An analysis is
 * not changed once made (its fields are read-only; a what-if makes a new one), so the facts hold.
 */
export function categoryFactsOnce(analysis: Analysis): CategoryFact[] {
  let facts = made.get(analysis);
  if (!facts) made.set(analysis, (facts = categoryFacts(analysis)));
  return facts;
}
