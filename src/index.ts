// The public library surface: re-exports only. Each line belongs to one module.
export { InputError } from './errors.js';
export type { Level, CommunityKind, Zone, Standard, StandardRule, Targets, Quotas, QuotaTarget, QuotaId } from './standards/standard.js';
export { LEVELS, COMMUNITY_KINDS, ZONES, DEFAULT_WALK_SPEED_KMH, DEFAULT_MIN_SHARE } from './standards/standard.js';
export { loadStandard, builtinStandards, rulesFor, categoryLabel, DEFAULT_STANDARD_ID, type LoadStandardOptions } from './standards/load-standard.js';
export { CATEGORY_LABELS, BASE_CATEGORY_IDS, type CategoryLabel } from './standards/categories.js';
export { QUOTA_KINDS, QUOTA_IDS, type QuotaKind } from './standards/quotas.js';
export { categorize, classify, categorizeAll, defaultCategoryMap, loadCategoryMap, withCategories, type CategoryMap, type CategoryRule, type Classification, type CategorizeAllResult, type LoadCategoryMapOptions } from './standards/category-map.js';
