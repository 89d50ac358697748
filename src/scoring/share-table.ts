import type { Community } from './communities.js';
import type { Residents } from './residents.js';
import { THRESHOLD_EPSILON_M } from './rule-distance.js';
import type { Presence } from './presence.js';
import type { Within } from '../standards/standard.js';

/**
 * Shares of residents within a distance, per community, remembered per (field, limit): the same
 * field and limit come back in scoring for a rule at two levels, for the community table's category
 * share, and in the sensitivity table for every minimum share tried (only a new pace moves a limit).
 * Each share is summed exactly as a single community's would be, residents in order, so a remembered
 * share is the same number bit for bit. Valid only while the fields do not change: one table serves one
 * set of residents, communities and distance arrays (`scoreAnalysis` makes one per analysis).
 */
export class ShareTable {
  private readonly byField = new Map<Float64Array, Map<number, Float64Array>>();
  private readonly byPresence = new Map<Presence, Map<string, Float64Array>>();

  constructor(readonly residents: Residents, readonly communities: readonly Community[]) {}

  /** Whether this table was made for these residents and communities. */
  serves(residents: Residents, communities: readonly Community[]): boolean {
    return residents === this.residents && communities === this.communities;
  }

  /**
   * Community c's shares within `limitM` of field `d`, computed on first use (NaN until then): a
   * community of another kind never asks for the other kind's limits.
   */
  column(d: Float64Array, limitM: number): Float64Array {
    let byLimit = this.byField.get(d);
    if (!byLimit) this.byField.set(d, byLimit = new Map());
    let col = byLimit.get(limitM);
    if (!col) byLimit.set(limitM, col = new Float64Array(this.communities.length).fill(NaN));
    return col;
  }

  /** The population-weighted share of community c's residents within `limitM` of field `d` (weight: their total, > 0). */
  share(col: Float64Array, d: Float64Array, limitM: number, c: number, weight: number): number {
    let s = col[c];
    if (s === s) return s;
    const { start } = this.residents, w = this.residents.weight;
    const from = start[c], to = start[c + 1], limit = limitM + THRESHOLD_EPSILON_M;
    let covered = 0;
    for (let r = from; r < to; r++) if (d[r] <= limit) covered += w[r];
    s = covered / weight;
    col[c] = s;
    return s;
  }

  /** Community c's count of a presence rule's facilities (see `count`), as `column` for a share. */
  presenceColumn(presence: Presence, within: Within, category: string, types?: readonly string[]): Float64Array {
    let byRule = this.byPresence.get(presence);
    if (!byRule) this.byPresence.set(presence, byRule = new Map());
    // No types (any type) and an empty list (none) count differently.
    const key = `${within}\u0000${category}\u0000${types === undefined ? 'any' : `only\u0000${types.join('\u0000')}`}`;
    let col = byRule.get(key);
    if (!col) byRule.set(key, col = new Float64Array(this.communities.length).fill(NaN));
    return col;
  }

  /** How many facilities of the category (and types) lie in community c or its street: `presence.count`, remembered. */
  count(col: Float64Array, presence: Presence, c: number, within: Within, category: string, types?: readonly string[]): number {
    let n = col[c];
    if (n !== n) col[c] = n = presence.count(c, within, category, types);
    return n;
  }
}
