import { describe, expect, it } from 'vitest';
import { analyzeSyntheticCity } from './support/synthetic-analysis.js';
import { rescore } from '../src/planning/rescore.js';
import { coverageDrawOptions, coveragePlan, standardCoverage } from '../src/isochrone/standard-coverage.js';
import { coverageOnThreads } from '../src/parallel/parallel-coverage.js';
import { distanceField } from '../src/routing/distance-field.js';
import { subsetLinks } from '../src/network/link-points.js';

// Coverage drawing reuses the route stage's field of each category (unbounded, every node) instead of
// searching again to the largest threshold. Read as unreached beyond the threshold, the field is what
// the bounded search gives, so the drawing is byte for byte the same.
const analysis = analyzeSyntheticCity('spread-S', 3);
const searched = { ...analysis, categoryFields: undefined };

describe("coverage from the route stage's fields", () => {
  it('keeps every category field, equal to an unbounded search from its facilities', () => {
    const fields = analysis.categoryFields!.nodeDistM;
    expect(analysis.categoryFields!.facilityLinks).toBe(analysis.facilityLinks);
    expect([...fields.keys()]).toEqual(analysis.categories);
    for (const category of analysis.categories) {
      const members = analysis.facilities.flatMap((f, i) => (f.category === category ? [i] : []));
      expect(Array.from(fields.get(category)!), category).toEqual(Array.from(distanceField(analysis.network, subsetLinks(analysis.facilityLinks, members)).nodeDistM));
    }
  });

  it('draws from them (no search) the same coverage as searching, city and full resolution', () => {
    const plan = coveragePlan(analysis, coverageDrawOptions(analysis.network, {}));
    expect(plan.groups.length).toBeGreaterThan(0);
    for (const g of plan.groups) expect(g.nodeDistM).toBeDefined();
    // Some level reaches only part of the network, so the bound matters.
    expect(plan.groups.some((g) => g.nodeDistM!.some((d) => d > Math.max(...g.levelsM) && d < Infinity))).toBe(true);
    for (const full of [false, true]) {
      const reused = standardCoverage(analysis, { full });
      expect(reused.features.some((f) => f.geometry.coordinates.length > 0)).toBe(true);
      expect(JSON.stringify(reused), `full: ${full}`).toBe(JSON.stringify(standardCoverage(searched, { full })));
    }
  });

  it('reads the field it is given (a field of zeros covers every reached street)', () => {
    const zero = new Map([...analysis.categoryFields!.nodeDistM].map(([c, d]) => [c, d.map((x) => (x < Infinity ? 0 : x))]));
    const tampered = { ...analysis, categoryFields: { facilityLinks: analysis.facilityLinks, nodeDistM: zero } };
    expect(JSON.stringify(standardCoverage(tampered))).not.toBe(JSON.stringify(standardCoverage(analysis)));
  });

  it('on two threads too', async () => {
    const two = await coverageOnThreads(analysis, { threads: 2, minSegments: 0 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(standardCoverage(searched)));
  });

  it('after a what-if (new links), searches every category again: the same drawing as searching', () => {
    const ids = analysis.facilities.filter((f) => f.category === 'grocery').slice(0, 5).map((f) => f.id);
    expect(ids.length).toBe(5);
    const after = rescore(analysis, { remove: ids });
    expect(after.facilityLinks).not.toBe(analysis.facilityLinks);
    expect(coveragePlan(after, coverageDrawOptions(after.network, {})).groups.every((g) => g.nodeDistM === undefined)).toBe(true);
    expect(JSON.stringify(standardCoverage(after))).toBe(JSON.stringify(standardCoverage({ ...after, categoryFields: undefined })));
  });
});
