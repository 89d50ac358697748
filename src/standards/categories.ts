/**
 * The facility categories the built-in standards score, with the names a report shows.
 * A standard may declare more (its `categories` array); these are always known.
 */
export interface CategoryLabel {
  id: string;
  /** English display name. */
  name: string;
  /** Chinese display name. */
  nameZh: string;
}

export const CATEGORY_LABELS: readonly CategoryLabel[] = Object.freeze([
  { id: 'community-service', name: 'Community service centre', nameZh: '社区综合服务' },
  { id: 'health', name: 'Primary health care', nameZh: '基层医疗卫生' },
  { id: 'elder-care', name: 'Elder care', nameZh: '养老服务' },
  { id: 'childcare', name: 'Childcare (under 3)', nameZh: '托育服务' },
  { id: 'kindergarten', name: 'Kindergarten', nameZh: '幼儿园' },
  { id: 'primary-school', name: 'Primary school', nameZh: '小学' },
  { id: 'culture', name: 'Culture', nameZh: '文化服务' },
  { id: 'sports', name: 'Sports and fitness', nameZh: '体育健身' },
  { id: 'grocery', name: 'Fresh food market', nameZh: '菜市场' },
  { id: 'social-work', name: 'Social work station', nameZh: '社工服务' },
  { id: 'convenience-store', name: 'Convenience store and breakfast', nameZh: '便利店与早餐' },
  { id: 'repair-housekeeping', name: 'Repair and housekeeping', nameZh: '维修与家政' },
  { id: 'express-delivery', name: 'Express delivery point', nameZh: '快递服务点' },
  { id: 'children-home', name: "Children's home", nameZh: '儿童之家' },
  { id: 'kangyuan', name: 'Kangyuan centre (disability day care)', nameZh: '康园中心' },
  { id: 'middle-school', name: 'Junior middle school', nameZh: '初中' },
].map((c) => Object.freeze(c)));

export const BASE_CATEGORY_IDS: readonly string[] = Object.freeze(CATEGORY_LABELS.map((c) => c.id));

/** Category ids: lower-case words joined by hyphens, so they can be CSV column prefixes. */
export const CATEGORY_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
