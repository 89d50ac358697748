import { InputError } from '../errors.js';
import { BASE_CATEGORY_IDS, CATEGORY_ID_PATTERN } from './categories.js';
import { DEFAULT_CATEGORY_MAP } from './default-category-map.js';

/**
 * One rule of a category map. Every matcher given must match (tags AND name AND Amap type);
 * within a matcher any listed value will do. `category: null` marks things we do not score.
 */
export interface CategoryRule {
  category: string | null;
  /** Facility type within the category, e.g. elder-care "centre" or "station" (quotas count these). */
  type?: string;
  /** OSM-style tags: every key must be present with one of the values ("*": any value). */
  tags?: Record<string, string[]>;
  /** Keywords, any of which must occur in one of the name fields (case-insensitive). */
  name?: string[];
  /** Prefixes of the Amap `type` string ("大类;中类;小类"). */
  amapType?: string[];
  /** Prefixes of the Amap numeric `typecode`. */
  typecode?: string[];
  note?: string;
}

export interface CategoryMap {
  /** Ids a facility's own `category` property may take. */
  categories: string[];
  nameFields: string[];
  amapTypeFields: string[];
  typecodeFields: string[];
  rules: CategoryRule[];
}

export interface Classification {
  category: string;
  /** Facility type from the winning rule, or the facility's own `facility_type`. */
  type?: string;
  /** Other categories the facility also matched (e.g. a kindergarten that takes under-3s). */
  also: string[];
  /** `property`: its own `category`; `rule`: rule number `rule` of the map. */
  by: 'property' | 'rule';
  rule?: number;
}

export interface LoadCategoryMapOptions {
  /** Named in error messages. */
  file?: string;
  /** Put these rules before the default ones (they win ties) instead of replacing them. Default false. */
  extend?: boolean;
}

const MAP_KEYS = new Set(['categories', 'nameFields', 'amapTypeFields', 'typecodeFields', 'rules']);
const RULE_KEYS = new Set(['category', 'type', 'tags', 'name', 'amapType', 'typecode', 'note']);

let defaultMap: CategoryMap | undefined;

/** The built-in map (data/categories.json). Shared and frozen: extend it with loadCategoryMap. */
export function defaultCategoryMap(): CategoryMap {
  defaultMap ??= deepFreeze(readMap(DEFAULT_CATEGORY_MAP, 'default category map', undefined));
  return defaultMap;
}

/** Validate a parsed category-map object; with `extend`, its rules go before the default ones. */
export function loadCategoryMap(spec: unknown, opts: LoadCategoryMapOptions = {}): CategoryMap {
  return readMap(spec, opts.file, opts.extend ? defaultCategoryMap() : undefined);
}

/** A copy of `map` that also accepts these category ids on facilities (e.g. a standard's own categories). */
export function withCategories(map: CategoryMap, ids: Iterable<string>): CategoryMap {
  const categories = [...map.categories];
  for (const id of ids) if (!categories.includes(id)) categories.push(id);
  return { ...map, categories };
}

/** The category id of a facility from its properties, or undefined when nothing matches. */
export function categorize(props: Record<string, unknown> | null, map: CategoryMap = defaultCategoryMap()): string | undefined {
  return classify(props, map)?.category;
}

/**
 * Category, type and further categories of a facility. Its own valid `category` property wins.
 * Otherwise, among matching rules the one with the longest matched name keyword wins (rules without
 * keywords count 0), ties going to the earlier rule; a winning `null` rule means "not scored".
 */
export function classify(props: Record<string, unknown> | null, map: CategoryMap = defaultCategoryMap()): Classification | undefined {
  const p = props ?? {};
  const own = ownCategory(p, map);
  if (own !== undefined) {
    const result: Classification = { category: own, also: [], by: 'property' };
    // Its own type wins; else the best matching rule of its category that gives one. Only those
    // rules are tried: most facilities of a prepared layer say their category (30,000 on the spread-L
    // city, where trying all 84 rules on each took about 0.7 s).
    const type = typeof p.facility_type === 'string' && p.facility_type.trim() !== ''
      ? p.facility_type.trim()
      : map.rules[matchRules(p, map, typedRulesOf(map, own))[0]?.rule]?.type;
    if (type !== undefined) result.type = type;
    return result;
  }
  const matches = matchRules(p, map);
  if (matches.length === 0) return undefined;
  const best = matches[0];
  const winner = map.rules[best.rule];
  if (winner.category === null) return undefined;
  const also: string[] = [];
  for (const m of matches.slice(1)) {
    const c = map.rules[m.rule].category;
    // A keyword inside the winning one (托育 inside 托育园) is the same evidence, not a second service.
    if (c === null || c === winner.category || also.includes(c)) continue;
    if (m.keyword !== '' && best.keyword.includes(m.keyword)) continue;
    also.push(c);
  }
  const result: Classification = { category: winner.category, also, by: 'rule', rule: best.rule };
  if (winner.type !== undefined) result.type = winner.type;
  return result;
}

export interface CategorizeAllResult {
  /** Category per feature, parallel to the input; undefined where unmatched. */
  categories: (string | undefined)[];
  /** Matched facilities per category id (every category of the map listed, zeros included). */
  counts: Record<string, number>;
  /** Indices of features no rule matched (or that a `null` rule excluded). */
  unmatched: number[];
  /** Indices of features whose own `category` property is not a known id (they may still match a rule). */
  unknownCategory: number[];
}

/** Categorize many facilities (GeoJSON features or bare property objects) and count the outcome. */
export function categorizeAll(
  features: Iterable<{ properties?: Record<string, unknown> | null } | Record<string, unknown> | null>,
  map: CategoryMap = defaultCategoryMap(),
): CategorizeAllResult {
  const counts: Record<string, number> = {};
  for (const id of map.categories) counts[id] = 0;
  const categories: (string | undefined)[] = [];
  const unmatched: number[] = [];
  const unknownCategory: number[] = [];
  let i = 0;
  for (const f of features) {
    const props = isFeature(f) ? (f.properties ?? null) : (f as Record<string, unknown> | null);
    if (props && props.category !== undefined && props.category !== null && ownCategory(props, map) === undefined) {
      unknownCategory.push(i);
    }
    const c = categorize(props, map);
    categories.push(c);
    if (c === undefined) unmatched.push(i);
    else counts[c] = (counts[c] ?? 0) + 1;
    i++;
  }
  return { categories, counts, unmatched, unknownCategory };
}

interface Match {
  rule: number;
  /** The longest keyword matched, '' for rules without name keywords. */
  keyword: string;
}

/** Matching rules (all of the map's, or those numbered in `only`, in file order), best first. */
function matchRules(p: Record<string, unknown>, map: CategoryMap, only?: readonly number[]): Match[] {
  const names = textValues(p, map.nameFields).map(normalize);
  const amapTypes = textValues(p, map.amapTypeFields);
  const typecodes = textValues(p, map.typecodeFields).flatMap((v) => v.split('|'));
  const out: Match[] = [];
  const tryRule = (index: number) => {
    const rule = map.rules[index];
    if (rule.tags && !tagsMatch(p, rule.tags)) return;
    if (rule.amapType && !amapTypes.some((t) => rule.amapType!.some((prefix) => t.startsWith(prefix)))) return;
    if (rule.typecode && !typecodes.some((t) => rule.typecode!.some((prefix) => t.trim().startsWith(prefix)))) return;
    let keyword = '';
    if (rule.name) {
      for (const k of rule.name) {
        if (k.length > keyword.length && names.some((n) => n.includes(k))) keyword = k;
      }
      if (keyword === '') return;
    }
    out.push({ rule: index, keyword });
  };
  if (only) for (const index of only) tryRule(index);
  else for (let index = 0; index < map.rules.length; index++) tryRule(index);
  // Stable: equal keyword lengths keep file order.
  return out.sort((a, b) => b.keyword.length - a.keyword.length);
}

// Per rule list: the rules of each category that give a type, in file order. A subset in file order
// sorts as it would among all matches, so its best is the first typed match of the category there.
const typedRules = new WeakMap<readonly CategoryRule[], Map<string, number[]>>();

function typedRulesOf(map: CategoryMap, category: string): readonly number[] {
  let byCategory = typedRules.get(map.rules);
  if (!byCategory) {
    byCategory = new Map();
    map.rules.forEach((rule, index) => {
      if (rule.category === null || rule.type === undefined) return;
      let list = byCategory!.get(rule.category);
      if (!list) byCategory!.set(rule.category, (list = []));
      list.push(index);
    });
    typedRules.set(map.rules, byCategory);
  }
  return byCategory.get(category) ?? [];
}

function tagsMatch(p: Record<string, unknown>, tags: Record<string, string[]>): boolean {
  for (const [key, values] of Object.entries(tags)) {
    const v = p[key];
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    if (values.includes('*')) continue;
    // OSM packs several values into one with ';' (isced:level=1;2).
    const parts = String(v).split(';').map((s) => s.trim());
    if (!parts.some((part) => values.includes(part))) return false;
  }
  return true;
}

function ownCategory(p: Record<string, unknown>, map: CategoryMap): string | undefined {
  if (typeof p.category !== 'string') return undefined;
  const id = p.category.trim().toLowerCase();
  return map.categories.includes(id) ? id : undefined;
}

function textValues(p: Record<string, unknown>, fields: string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const v = p[f];
    if (typeof v === 'string' && v !== '') out.push(v);
  }
  return out;
}

/** Case- and width-insensitive form for keyword search (full-width Ｅ, É/é). */
function normalize(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

function isFeature(f: unknown): f is { properties?: Record<string, unknown> | null } {
  return typeof f === 'object' && f !== null && (f as { type?: unknown }).type === 'Feature';
}

function readMap(spec: unknown, file: string | undefined, base: CategoryMap | undefined): CategoryMap {
  const fail = (message: string, field?: string, feature?: number): never => {
    throw new InputError(message, file, feature, field);
  };
  if (!isPlainObject(spec)) fail('a category map must be a JSON object with a "rules" array');
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!MAP_KEYS.has(key)) fail(`unknown field "${key}" (expected ${[...MAP_KEYS].join(', ')})`, key);

  const categories = [...(base?.categories ?? BASE_CATEGORY_IDS)];
  if (s.categories !== undefined) {
    for (const [i, id] of stringList(s.categories, 'categories', fail).entries()) {
      if (!CATEGORY_ID_PATTERN.test(id)) fail(`category id "${id}" must be lower-case words joined by hyphens`, `categories[${i}]`);
      if (!categories.includes(id)) categories.push(id);
    }
  }
  if (!Array.isArray(s.rules)) fail('a category map needs a "rules" array', 'rules');
  const rules = (s.rules as unknown[]).map((r, i) => readRule(r, i, fail));
  for (const r of rules) if (r.category !== null && !categories.includes(r.category)) categories.push(r.category);

  const fields = (key: 'nameFields' | 'amapTypeFields' | 'typecodeFields'): string[] =>
    s[key] !== undefined ? stringList(s[key], key, fail) : [...(base?.[key] ?? (DEFAULT_CATEGORY_MAP[key] as string[]))];
  return {
    categories,
    nameFields: fields('nameFields'),
    amapTypeFields: fields('amapTypeFields'),
    typecodeFields: fields('typecodeFields'),
    rules: base ? [...rules, ...base.rules] : rules,
  };
}

function readRule(value: unknown, index: number, fail: (m: string, field?: string, feature?: number) => never): CategoryRule {
  const bad = (message: string, field?: string): never => fail(message, field ? `rules[${index}].${field}` : `rules[${index}]`, index);
  if (!isPlainObject(value)) return bad('a rule must be an object');
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!RULE_KEYS.has(key)) bad(`unknown field "${key}"`, key);
  if (!('category' in r)) bad('a rule needs a "category" (an id, or null for things not scored)', 'category');
  let category: string | null = null;
  if (r.category !== null) {
    if (typeof r.category !== 'string' || !CATEGORY_ID_PATTERN.test(r.category)) {
      bad(`category ${JSON.stringify(r.category)} must be null or lower-case words joined by hyphens`, 'category');
    }
    category = r.category as string;
  }
  const rule: CategoryRule = { category };
  if (r.type !== undefined) {
    if (typeof r.type !== 'string' || r.type.trim() === '') bad('must be a non-empty string', 'type');
    rule.type = r.type as string;
  }
  if (r.tags !== undefined) {
    if (!isPlainObject(r.tags) || Object.keys(r.tags).length === 0) bad('must be an object of tag: value or [values]', 'tags');
    const tags: Record<string, string[]> = {};
    for (const [key, v] of Object.entries(r.tags as Record<string, unknown>)) {
      tags[key] = typeof v === 'string' ? [v] : stringList(v, `tags.${key}`, bad);
      if (tags[key].length === 0) bad('needs at least one value', `tags.${key}`);
    }
    rule.tags = tags;
  }
  if (r.name !== undefined) rule.name = nonEmptyList(r.name, 'name', bad).map(normalize);
  if (r.amapType !== undefined) rule.amapType = nonEmptyList(r.amapType, 'amapType', bad);
  if (r.typecode !== undefined) {
    rule.typecode = nonEmptyList(r.typecode, 'typecode', bad);
    for (const code of rule.typecode) if (!/^\d{2,6}$/.test(code)) bad(`typecode "${code}" must be 2 to 6 digits`, 'typecode');
  }
  if (!rule.tags && !rule.name && !rule.amapType && !rule.typecode) bad('a rule needs at least one of tags, name, amapType, typecode');
  if (r.note !== undefined) {
    if (typeof r.note !== 'string') bad('must be a string', 'note');
    rule.note = r.note as string;
  }
  return rule;
}

function stringList(v: unknown, field: string, fail: (m: string, field?: string) => never): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) return fail('must be an array of non-empty strings', field);
  return [...(v as string[])];
}

function nonEmptyList(v: unknown, field: string, fail: (m: string, field?: string) => never): string[] {
  const list = typeof v === 'string' && v !== '' ? [v] : stringList(v, field, fail);
  if (list.length === 0) fail('needs at least one value', field);
  return list;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
