import type { QuotaId, Standard } from '../standards/standard.js';
import { QUOTA_KINDS } from '../standards/quotas.js';
import type { Community } from './communities.js';
import type { IndicatorData } from './plan-indicators.js';

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
  /** For n/a: which field of which input would supply it. */
  readonly needs?: string;
  /** For per-community quotas: share of the communities with figures that meet the target on their own. */
  readonly shareMeeting?: number;
  /** 力争: the target is one to strive for. */
  readonly strive?: boolean;
  /** How the value was formed, in words and numbers. */
  readonly detail?: string;
  readonly source?: string;
  readonly assumed?: boolean;
}

/**
 * The provision quotas (README, "What the numbers mean": Quotas), measured where the data allow and `n/a` with the reason
 * otherwise. Population is the stated population of the communities.
 */
export function measureQuotas(
  standard: Standard, communities: readonly Community[], facilities: readonly QuotaFacility[], data?: IndicatorData,
): QuotaResult[] {
  const stated = communities.filter((c) => c.population !== undefined);
  // The indicators CSV fills in what the communities file leaves out (never overrides it).
  const extra = (c: Community, field: 'workers' | 'households' | 'service_floor_m2'): number | undefined => data?.byCommunity.get(c.id)?.[field];
  const workersOf = (c: Community) => c.workers ?? extra(c, 'workers');
  const householdsOf = (c: Community) => c.households ?? extra(c, 'households');
  const floorIn = new Map<number, number>();
  for (const f of facilities) {
    if (f.category === 'community-service' && f.community >= 0 && f.areaM2 !== undefined) floorIn.set(f.community, (floorIn.get(f.community) ?? 0) + f.areaM2);
  }
  const floorOf = (c: Community) => extra(c, 'service_floor_m2') ?? floorIn.get(c.index);
  const targetOf = (id: QuotaId) => standard.quotas?.[id]?.value;
  const shareMeeting = (values: (number | undefined)[], id: QuotaId): { shareMeeting?: number } => {
    const t = targetOf(id);
    const known = values.filter((v): v is number => v !== undefined);
    return t === undefined || known.length === 0 ? {} : { shareMeeting: known.filter((v) => v >= t - 1e-9).length / known.length };
  };
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
      // Floor area and households of the same communities: those that state households.
      const withBoth = communities.filter((c) => (householdsOf(c) ?? 0) > 0 && floorOf(c) !== undefined);
      if (!communities.some((c) => householdsOf(c) !== undefined)) {
        return { reason: 'no community states its households', needs: '`households` of each community (communities file or indicators CSV)' };
      }
      if (withBoth.length === 0) {
        return { reason: 'no community with stated households has a community-service floor area', needs: '`area_m2` of community-service facilities, or `service_floor_m2` in the indicators CSV' };
      }
      const area = withBoth.reduce((a, c) => a + (floorOf(c) as number), 0);
      const households = withBoth.reduce((a, c) => a + (householdsOf(c) as number), 0);
      return {
        value: (area / households) * 100,
        detail: `${area} m² for ${households} households in ${withBoth.length} communities`,
        ...shareMeeting(withBoth.map((c) => ((floorOf(c) as number) / (householdsOf(c) as number)) * 100), 'serviceFloorM2Per100Households'),
      };
    },
    workersPer10000Residents: () => {
      // 每万城镇常住人口: urban communities only.
      const withWorkers = communities.filter((c) => c.kind === 'urban' && workersOf(c) !== undefined && (c.population ?? 0) > 0);
      if (withWorkers.length === 0) {
        return { reason: 'no urban community states both its workers and its population', needs: '`workers` of each urban community (communities file or indicators CSV)' };
      }
      const workers = withWorkers.reduce((a, c) => a + (workersOf(c) as number), 0);
      const people = withWorkers.reduce((a, c) => a + (c.population as number), 0);
      return {
        value: (workers / people) * 10000,
        detail: `${workers} workers for ${people} residents in ${withWorkers.length} urban communities`,
        ...shareMeeting(withWorkers.map((c) => ((workersOf(c) as number) / (c.population as number)) * 10000), 'workersPer10000Residents'),
      };
    },
  };
  return QUOTA_KINDS.map((kind) => {
    const target = standard.quotas?.[kind.id];
    const m = measure[kind.id]();
    const result: QuotaResult = {
      id: kind.id, name: kind.name, nameZh: kind.nameZh, ...m,
      ...(target ? { target: target.value, source: target.source, assumed: target.assumed, ...(target.strive ? { strive: true } : {}) } : {}),
      ...(target && m.value !== undefined ? { met: m.value >= target.value - 1e-9 } : {}),
    };
    return result;
  });
}
