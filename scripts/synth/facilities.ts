import type { Random } from './random.js';

// The facility catalogue: the category ids of the built-in standards and, for each, the kinds of
// facility Guangzhou actually runs at community level and at street/town level, with realistic
// names and capacities (places, beds, seats) or floor areas.

export const CATEGORIES = [
  'community-service',
  'health',
  'elder-care',
  'childcare',
  'kindergarten',
  'primary-school',
  'culture',
  'sports',
  'grocery',
  'social-work',
  // Added with issue 11 (after the first ten, so each community's random stream per category is unchanged).
  'convenience-store',
  'repair-housekeeping',
  'express-delivery',
  'children-home',
  'kangyuan',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface FacilityRecord {
  id: string;
  category: Category;
  name: string;
  x: number;
  y: number;
  capacity?: number;
  area_m2?: number;
}

/** Where a facility serves: one community (社区/村 level) or a whole street/town (街道/镇 level). */
export type Level = 'community' | 'street';

export interface NamingContext {
  /** Community name root (东湖) and full name (东湖社区 / 石岗村). */
  root: string;
  communityName: string;
  /** Street or town full name (滨江街道 / 石楼镇) and its root. */
  streetName: string;
  streetRoot: string;
  rural: boolean;
}

const CHILDCARE_BRANDS = ['小星星', '童乐', '贝贝', '启蒙', '爱心', '小蜜蜂', '乐宝', '育苗', '小树苗', '七彩'];

/** Name, capacity and area for one facility; capacities are drawn where they mean something
 * (places, beds, seats), floor area for community service centres (the 32 m² per 100 households quota).
 * `station`: a community's elder-care facility is its Yikang station, never a canteen (the benchmark
 * city places one per community for the presence rule); without it the draws are as they always were. */
export function describeFacility(
  rng: Random,
  category: Category,
  level: Level,
  ctx: NamingContext,
  station = false,
): Pick<FacilityRecord, 'name' | 'capacity' | 'area_m2'> {
  const { root, communityName, streetName, streetRoot, rural } = ctx;
  switch (category) {
    case 'community-service':
      return level === 'street'
        ? { name: `${streetName}党群服务中心`, area_m2: 100 * rng.int(15, 30) }
        : { name: `${communityName}党群服务中心`, area_m2: 10 * rng.int(rural ? 20 : 30, rural ? 80 : 160) };
    case 'health':
      if (level === 'street') return { name: rural ? `${streetRoot}镇卫生院` : `${streetName}社区卫生服务中心` };
      return { name: rural ? `${communityName}卫生室` : `${root}社区卫生服务站` };
    case 'elder-care':
      return level === 'street'
        ? { name: `${streetName}颐康中心`, capacity: 10 * rng.int(6, 20) }
        : !station && rng.chance(0.25) && !rural
          ? { name: `${root}长者饭堂`, capacity: 10 * rng.int(3, 8) }
          : { name: `${communityName}颐康服务站`, capacity: rng.int(8, 30) };
    case 'childcare':
      return { name: `${rng.pick(CHILDCARE_BRANDS)}托育中心（${root}园）`, capacity: 10 * rng.int(3, 10) };
    case 'kindergarten':
      return level === 'street'
        ? { name: `${streetRoot}中心幼儿园`, capacity: 30 * rng.int(9, 15) }
        : { name: `${root}幼儿园`, capacity: 30 * rng.int(rural ? 3 : 6, rural ? 6 : 12) };
    case 'primary-school':
      return level === 'street'
        ? { name: `${streetRoot}中心小学`, capacity: 45 * rng.int(24, 36) }
        : { name: `${root}小学`, capacity: 45 * rng.int(rural ? 6 : 18, rural ? 12 : 30) };
    case 'culture':
      if (level === 'street') return { name: `${streetName}文化站` };
      return { name: rural ? `${communityName}农家书屋` : `${communityName}文化室` };
    case 'sports':
      if (level === 'street') return { name: `${streetName}全民健身中心` };
      return { name: rural ? `${communityName}文体广场` : `${root}社区体育公园` };
    case 'grocery':
      return { name: rural ? `${root}墟市` : rng.chance(0.5) ? `${root}肉菜市场` : `${root}生鲜超市` };
    case 'social-work':
      return level === 'street' ? { name: `${streetName}社工服务站` } : { name: `${communityName}社工服务点` };
    case 'convenience-store':
      return rng.chance(0.3) ? { name: `${root}早餐店` } : rng.chance(0.5) ? { name: `美宜佳（${root}店）` } : { name: `${root}便利店` };
    case 'repair-housekeeping':
      return rng.chance(0.6) ? { name: `${root}家电维修部` } : { name: `${root}家政服务部` };
    case 'express-delivery':
      return rng.chance(0.7) ? { name: `${root}菜鸟驿站` } : { name: `${communityName}丰巢快递柜` };
    case 'children-home':
      return { name: `${communityName}儿童之家` };
    case 'kangyuan':
      return { name: `${streetName}康园工疗站`, capacity: 10 * rng.int(2, 5) };
  }
}

/** Makes facility names unique by numbering repeats: 东湖肉菜市场, 东湖肉菜市场（二）... */
export class UniqueNames {
  private readonly seen = new Map<string, number>();
  private static readonly NUMERALS = [...'一二三四五六七八九十'];

  unique(name: string): string {
    const n = (this.seen.get(name) ?? 0) + 1;
    this.seen.set(name, n);
    if (n === 1) return name;
    const suffix = n <= 10 ? UniqueNames.NUMERALS[n - 1] : String(n);
    const candidate = `${name}（${suffix}）`;
    return this.seen.has(candidate) ? this.unique(name) : (this.seen.set(candidate, 1), candidate);
  }
}
