import type { StandardRule } from '../standards/standard.js';

/**
 * The travel-time field a distance rule reads: one per category, and one per category and set of
 * facility types that a rule asks for ("health:centre+station+village-clinic"), so a typed rule never
 * counts a hospital it does not mean.
 */
export function fieldKey(category: string, types?: readonly string[]): string {
  return types && types.length ? `${category}:${[...types].sort().join('+')}` : category;
}

export function ruleFieldKey(rule: Pick<StandardRule, 'category' | 'types'>): string {
  return fieldKey(rule.category, rule.types);
}

/** The category and types a field key stands for. */
export function parseFieldKey(key: string): { category: string; types?: string[] } {
  const colon = key.indexOf(':');
  return colon < 0 ? { category: key } : { category: key.slice(0, colon), types: key.slice(colon + 1).split('+') };
}
