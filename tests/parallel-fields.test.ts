import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints } from '../src/network/link-points.js';
import { distanceField } from '../src/routing/distance-field.js';
import { ParallelFields } from '../src/parallel/parallel-fields.js';
import { line, ll, seeded } from './support/geo.js';

// A 12 x 12 block street grid with some blocks missing, and facility sets of different sizes.
const rand = seeded(11);
const streets = [];
for (let i = 0; i <= 12; i++) {
  for (let j = 0; j < 12; j++) {
    if (rand() < 0.15) continue;
    streets.push(line([[j * 80, i * 80], [(j + 1) * 80, i * 80]]), line([[i * 80, j * 80], [i * 80, (j + 1) * 80]]));
  }
}
const network = buildNetwork(streets);
const sets = [1, 3, 10, 0, 25].map((k) => linkPoints(network, Array.from({ length: k }, () => ll(rand() * 960, rand() * 960))));

describe('ParallelFields', () => {
  let pool: ParallelFields;
  beforeAll(async () => { pool = await ParallelFields.start(network, { workers: 2 }); });
  afterAll(async () => { await pool.close(); });

  it('computes the same fields as distanceField on one thread, bounded or not', async () => {
    for (const maxDistM of [Infinity, 300]) {
      const parallel = await pool.fields(sets, maxDistM);
      sets.forEach((links, i) => {
        const one = distanceField(network, links, { maxDistM });
        expect(Array.from(parallel[i].nodeDistM)).toEqual(Array.from(one.nodeDistM));
        expect(Array.from(parallel[i].nodeSource)).toEqual(Array.from(one.nodeSource));
        expect([...parallel[i].sourcesOnEdge.entries()].sort()).toEqual([...one.sourcesOnEdge.entries()].sort());
      });
      // Something was actually reached, and the bound actually cut.
      expect(parallel[2].nodeDistM.some((d) => d > 0 && d < Infinity)).toBe(true);
      if (maxDistM < Infinity) expect(parallel[0].nodeDistM.some((d) => d === Infinity)).toBe(true);
    }
  });

  it('can be asked again (workers keep their search)', async () => {
    const a = await pool.fields([sets[4]]);
    const b = await pool.fields([sets[4], sets[4]]);
    expect(Array.from(b[1].nodeDistM)).toEqual(Array.from(a[0].nodeDistM));
  });
});
