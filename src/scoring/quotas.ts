import type { QuotaId, Standard } from '../standards/standard.js';
import { QUOTA_KINDS } from '../standards/quotas.js';
import type { Community } from './communities.js';

/** A facility as the quotas count it. */
export interface QuotaFacility {
  readonly category?: string;
  /** Facility type from the category map, e.g. elder-care "centre" or "station". */
  readonly type?: string;
  readonly capacity?: number;
  readonly areaM2?: number;
  /** Index of the community containing it, -1 when outside every community. */
  readonly community: number;
}

export interface QuotaResult {
  readonly id: QuotaId;
  readonly name: string;
  readonly nameZh: string;
  /** The standard's target, when it has one. */
  readonly target?: number;
  /** The measured value; undefined when the data do not allow it (see reason). */
  readonly value?: number;
  readonly met?: boolean;
  /** Why the value is n/a. */
  readonly reason?: string;
  /** How the value was formed, in words and numbers. */
  readonly detail?: string;
  readonly source?: string;
  readonly assumed?: boolean;
}

/**
 * The provision quotas of DESIGN section 3, measured where the data allow and `n/a` with the reason
 * otherwise. Population is the stated population of the communities.
 */
export function measureQuotas(standard: Standard, communities: readonly Community[], facilities: readonly QuotaFacility[]): QuotaResult[] {
  const stated = communities.filter((c) => c.population !== undefined);
  const population = stated.reduce((a, c) => a + (c.population as number), 0);
  const measure: Record<QuotaId, () => Omit<QuotaResult, 'id' | 'name' | 'nameZh'>> = {
    childcarePlacesPer1000Residents: () => {
      // Places and residents of the same communities: those that state a population.
      const childcare = facilities.filter((f) => f.category === 'childcare');
      if (childcare.length === 0) return { reason: 'no childcare facilities' };
      const counted = childcare.filter((f) => f.community >= 0 && communities[f.community].population !== undefined);
      const withCapacity = counted.filter((f) => f.capacity !== undefined);
      if (population <= 0) return { reason: 'no community states its population' };
      if (withCapacity.length === 0) return { reason: 'no childcare facility inside a community with a stated population states its capacity (places)' };
      const places = withCapacity.reduce((a, f) => a + (f.capacity as number), 0);
      const left = childcare.length - counted.length;
      return {
        value: (places / population) * 1000,
        detail: `${places} places (${withCapacity.length} of ${counted.length} facilities state capacity) for ${population} residents` +
          (left ? `; ${left} facilities outside communities with a stated population not counted` : ''),
      };
    },
    elderCareCentresPerStreet: () => {
      const streets = new Set(communities.map((c) => c.street).filter((s): s is string => s !== undefined));
      if (streets.size === 0) return { reason: 'no community names its street or town (`street`)' };
      const centres = facilities.filter((f) => f.category === 'elder-care' && f.type === 'centre');
      if (!facilities.some((f) => f.category === 'elder-care' && f.type !== undefined)) {
        return { reason: 'elder-care facilities are not typed as centre or station (name or facility_type)' };
      }
      const perStreet = new Map<string, number>([...streets].map((s) => [s, 0]));
      for (const f of centres) {
        const street = f.community >= 0 ? communities[f.community].street : undefined;
        if (street !== undefined) perStreet.set(street, (perStreet.get(street) ?? 0) + 1);
      }
      const least = Math.min(...perStreet.values());
      const covered = [...perStreet.values()].filter((n) => n >= 1).length;
      return { value: least, detail: `${covered} of ${streets.size} streets/towns have at least one centre; the fewest has ${least}` };
    },
    elderCareStationsPerCommunity: () => {
      if (!facilities.some((f) => f.category === 'elder-care' && f.type !== undefined)) {
        return { reason: 'elder-care facilities are not typed as centre or station (name or facility_type)' };
      }
      const per = new Int32Array(communities.length);
      for (const f of facilities) if (f.category === 'elder-care' && f.type === 'station' && f.community >= 0) per[f.community]++;
      const covered = per.filter((n) => n >= 1).length;
      return { value: Math.min(...per), detail: `${covered} of ${communities.length} communities have at least one station; the fewest has ${Math.min(...per)}` };
    },
    serviceFloorM2Per100Households: () => {
      const households = communities.reduce((a, c) => a + (c.households ?? 0), 0);
      if (households <= 0) return { reason: 'no community states its households' };
      // Floor area and households of the same communities: those that state households.
      const services = facilities.filter((f) => f.category === 'community-service' && f.community >= 0 && communities[f.community].households !== undefined);
      const withArea = services.filter((f) => f.areaM2 !== undefined);
      if (withArea.length === 0) return { reason: 'no community-service facility inside a community with stated households states its floor area (`area_m2`)' };
      const area = withArea.reduce((a, f) => a + (f.areaM2 as number), 0);
      return { value: (area / households) * 100, detail: `${area} m² in ${withArea.length} facilities for ${households} households` };
    },
    workersPer10000Residents: () => {
      const withWorkers = communities.filter((c) => c.workers !== undefined && c.population !== undefined);
      if (withWorkers.length === 0) return { reason: 'no community states both its workers and its population' };
      const workers = withWorkers.reduce((a, c) => a + (c.workers as number), 0);
      const people = withWorkers.reduce((a, c) => a + (c.population as number), 0);
      if (people <= 0) return { reason: 'the communities stating workers have no residents' };
      return { value: (workers / people) * 10000, detail: `${workers} workers for ${people} residents in ${withWorkers.length} communities` };
    },
  };
  return QUOTA_KINDS.map((kind) => {
    const target = standard.quotas?.[kind.id];
    const m = measure[kind.id]();
    const result: QuotaResult = {
      id: kind.id, name: kind.name, nameZh: kind.nameZh, ...m,
      ...(target ? { target: target.value, source: target.source, assumed: target.assumed } : {}),
      ...(target && m.value !== undefined ? { met: m.value >= target.value - 1e-9 } : {}),
    };
    return result;
  });
}
