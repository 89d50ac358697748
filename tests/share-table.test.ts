import { describe, expect, it } from 'vitest';
import { analyze } from '../src/scoring/analyze.js';
import { withSettings } from '../src/standards/load-standard.js';
import { scoreCommunities, type ScoringFields } from '../src/scoring/score-communities.js';
import { sensitivity } from '../src/scoring/sensitivity.js';
import { ShareTable } from '../src/scoring/share-table.js';
import { ruleDistanceM, THRESHOLD_EPSILON_M } from '../src/scoring/rule-distance.js';
import { ruleFieldKey } from '../src/scoring/field-key.js';
import { demoInputs } from './support/demo-scenario.js';

// The demo district, analysed once; its fields are re-scored below with and without a shared table.
const analysis = analyze(demoInputs());
const communities = analysis.communities.map((s) => s.community);
const fields: ScoringFields = { residents: analysis.residents, distances: analysis.residentDistancesM, presence: analysis.presence };
const { standard } = analysis;

describe('ShareTable', () => {
  it('shares are the weighted count of residents within the limit, as the definition sums them; counts are presence\'s', () => {
    const scores = scoreCommunities(standard, communities, fields, { shares: new ShareTable(analysis.residents, communities) });
    let checked = 0;
    scores.forEach((s, c) => {
      if (!s.scored) return;
      for (const o of s.rules) {
        if (o.rule.within) {
          // Presence rules: the remembered count is presence's own.
          expect(o.present).toBe(analysis.presence.count(c, o.rule.within, o.rule.category, o.rule.types));
          continue;
        }
        const d = analysis.residentDistancesM.get(ruleFieldKey(o.rule))!;
        const { start, weight } = analysis.residents;
        let covered = 0, total = 0;
        for (let r = start[c]; r < start[c + 1]; r++) {
          total += weight[r];
          if (d[r] <= ruleDistanceM(o.rule) + THRESHOLD_EPSILON_M) covered += weight[r];
        }
        expect(o.share).toBe(covered / total);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(20);
  });

  it('a table shared by the scores and every sensitivity run gives what each run computes alone', () => {
    const shares = new ShareTable(analysis.residents, communities);
    const shared = [
      scoreCommunities(standard, communities, fields, { shares }),
      // A new minimum share reads the remembered shares; a new pace adds its own limits.
      scoreCommunities(withSettings(standard, { minShare: 0.7 }), communities, fields, { shares, categories: false }),
      scoreCommunities(withSettings(standard, { speedKmh: 3.0 }), communities, fields, { shares, categories: false }),
    ];
    const alone = [
      scoreCommunities(standard, communities, fields),
      scoreCommunities(withSettings(standard, { minShare: 0.7 }), communities, fields, { categories: false }),
      scoreCommunities(withSettings(standard, { speedKmh: 3.0 }), communities, fields, { categories: false }),
    ];
    expect(shared).toEqual(alone);
    expect(sensitivity(standard, communities, fields, { shares })).toEqual(sensitivity(standard, communities, fields));
    // The pace moved the shares (else the table would not be tested at a second limit).
    expect(shared[2].map((s) => s.rules.map((o) => o.share))).not.toEqual(shared[0].map((s) => s.rules.map((o) => o.share)));
  });

  it('a table made for other communities is not used', () => {
    const other = new ShareTable(analysis.residents, communities.slice());
    // Poisoned: were it used, every share of every distance rule would read 0.123.
    for (const rule of standard.rules) if (!rule.within) other.column(analysis.residentDistancesM.get(ruleFieldKey(rule))!, ruleDistanceM(rule)).fill(0.123);
    expect(scoreCommunities(standard, communities, fields, { shares: other })).toEqual(scoreCommunities(standard, communities, fields));
  });
});
