import type { QuotaId } from './standard.js';

/** What a quota measures, so scoring and reports agree on its meaning. */
export interface QuotaKind {
  id: QuotaId;
  name: string;
  nameZh: string;
  /** How the measured value is formed from the inputs. */
  measure: string;
  /** Facility category the quota counts, when it counts facilities. */
  category?: string;
  /** Facility type within the category (from the category map), when only some facilities count. */
  facilityType?: string;
}

export const QUOTA_KINDS: readonly QuotaKind[] = Object.freeze([
  {
    id: 'childcarePlacesPer1000Residents',
    name: 'Childcare places (under 3) per 1,000 residents',
    nameZh: '每千常住人口3岁以下婴幼儿托位数',
    measure: 'sum of `capacity` of childcare facilities / population x 1000',
    category: 'childcare',
  },
  {
    id: 'elderCareCentresPerStreet',
    name: 'Elder-care centres per street or town',
    nameZh: '每个街镇颐康中心数',
    measure: 'elder-care facilities of type "centre" per street/town',
    category: 'elder-care',
    facilityType: 'centre',
  },
  {
    id: 'elderCareStationsPerCommunity',
    name: 'Elder-care stations per community or village',
    nameZh: '每个村居颐康服务站数',
    measure: 'elder-care facilities of type "station" inside each community',
    category: 'elder-care',
    facilityType: 'station',
  },
  {
    id: 'serviceFloorM2Per100Households',
    name: 'Community service floor area per 100 households',
    nameZh: '每百户社区综合服务设施面积',
    measure: 'sum of `area_m2` of community-service facilities / households x 100',
    category: 'community-service',
  },
  {
    id: 'workersPer10000Residents',
    name: 'Community workers per 10,000 urban residents',
    nameZh: '每万城镇常住人口社区工作者数',
    measure: 'sum of urban communities\' `workers` / their population x 10000',
  },
] satisfies QuotaKind[]);

export const QUOTA_IDS: readonly QuotaId[] = Object.freeze(QUOTA_KINDS.map((q) => q.id));
