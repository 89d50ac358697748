import { InputError } from '../errors.js';
import { BUILTIN_STANDARDS, DEFAULT_STANDARD_ID } from './builtin.js';
import { BASE_CATEGORY_IDS, CATEGORY_ID_PATTERN, CATEGORY_LABELS, type CategoryLabel } from './categories.js';
import { QUOTA_IDS } from './quotas.js';
import {
  COMMUNITY_KINDS,
  DEFAULT_MIN_SHARE,
  DEFAULT_WALK_SPEED_KMH,
  LEVELS,
  ZONES,
  type CommunityKind,
  type Level,
  type QuotaTarget,
  type Quotas,
  type Standard,
  type RuleBase,
  type StandardRule,
  type Targets,
  type Zone,
} from './standard.js';

export interface LoadStandardOptions {
  /** Named in error messages: the file the object was read from. */
  file?: string;
}

const TOP_KEYS = new Set([
  'id', 'name', 'nameZh', 'description', 'walkSpeedKmh', 'minShare', 'rules', 'targets', 'quotas', 'categories',
]);
const RULE_KEYS = new Set([
  'level', 'kind', 'zone', 'category', 'minutes', 'meters', 'speedKmh', 'minShare', 'source', 'assumed', 'note',
]);
const QUOTA_KEYS = new Set(['value', 'source', 'assumed', 'note']);
const CATEGORY_KEYS = new Set(['id', 'name', 'nameZh']);

/** The built-in standards, default first. */
export function builtinStandards(): { id: string; name: string }[] {
  return BUILTIN_STANDARDS.map((s) => {
    const { id, name } = s as { id: string; name: string };
    return { id, name };
  });
}

/**
 * A validated standard with every default resolved. `nameOrObject` is a built-in id
 * (see builtinStandards) or a parsed JSON object; reading a file is src/io's job.
 */
export function loadStandard(nameOrObject: string | unknown, opts: LoadStandardOptions = {}): Standard {
  if (typeof nameOrObject === 'string') {
    const builtin = BUILTIN_STANDARDS.find((s) => (s as { id: string }).id === nameOrObject);
    if (!builtin) {
      const known = builtinStandards().map((s) => s.id).join(', ');
      throw new InputError(`unknown standard "${nameOrObject}" (built-in: ${known}); pass a file to use your own`, opts.file);
    }
    return validateStandard(builtin, opts.file ?? `built-in standard ${nameOrObject}`);
  }
  return validateStandard(nameOrObject, opts.file);
}

export { DEFAULT_STANDARD_ID };

/**
 * The rules of one level that apply to a community of this kind and zone, in file order.
 * A zoned rule replaces, for its zone, the unzoned rule of the same level, kind and category;
 * a community without a zone gets only unzoned rules. Quality attainment also needs the
 * convenient rules: ask for both levels.
 */
export function rulesFor(standard: Standard, kind: CommunityKind, zone: Zone | undefined, level: Level): StandardRule[] {
  const candidates = standard.rules.filter((r) => r.level === level && r.kind === kind);
  if (zone === undefined) return candidates.filter((r) => r.zone === undefined);
  const overridden = new Set(candidates.filter((r) => r.zone === zone).map((r) => r.category));
  return candidates.filter((r) => (r.zone === undefined ? !overridden.has(r.category) : r.zone === zone));
}

/** Display names for a category id, from the standard's categories, else the id itself. */
export function categoryLabel(standard: Standard, id: string): CategoryLabel {
  return standard.categories.find((c) => c.id === id) ?? { id, name: id, nameZh: id };
}

function validateStandard(spec: unknown, file: string | undefined): Standard {
  const fail = (message: string, field?: string, feature?: number): never => {
    throw new InputError(message, file, feature, field);
  };
  if (!isPlainObject(spec)) fail('a standard must be a JSON object');
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!TOP_KEYS.has(key)) fail(`unknown field "${key}" (expected one of ${[...TOP_KEYS].join(', ')})`, key);
  }
  const id = requireText(s.id, 'id', fail);
  const name = requireText(s.name, 'name', fail);
  const nameZh = optionalText(s.nameZh, 'nameZh', fail);
  const description = optionalText(s.description, 'description', fail);
  const walkSpeedKmh = s.walkSpeedKmh === undefined ? DEFAULT_WALK_SPEED_KMH : requirePositive(s.walkSpeedKmh, 'walkSpeedKmh', fail);
  const minShare = s.minShare === undefined ? DEFAULT_MIN_SHARE : requireShare(s.minShare, 'minShare', fail);
  const categories = readCategories(s.categories, fail);
  const known = new Set(categories.map((c) => c.id));

  if (!Array.isArray(s.rules) || s.rules.length === 0) fail('a standard needs a non-empty "rules" array', 'rules');
  const rules = (s.rules as unknown[]).map((r, i) => readRule(r, i, { walkSpeedKmh, minShare, known }, fail));
  checkRuleSet(rules, fail);

  const standard: Standard = {
    id, name, walkSpeedKmh, minShare, rules, categories,
    kinds: COMMUNITY_KINDS.filter((k) => rules.some((r) => r.kind === k)),
  };
  if (nameZh !== undefined) standard.nameZh = nameZh;
  if (description !== undefined) standard.description = description;
  if (s.targets !== undefined) standard.targets = readTargets(s.targets, fail);
  if (s.quotas !== undefined) standard.quotas = readQuotas(s.quotas, fail);
  return standard;
}

type Fail = (message: string, field?: string, feature?: number) => never;

function readCategories(value: unknown, fail: Fail): CategoryLabel[] {
  const out: CategoryLabel[] = CATEGORY_LABELS.map((c) => ({ ...c }));
  if (value === undefined) return out;
  if (!Array.isArray(value)) return fail('must be an array of {id, name, nameZh}', 'categories');
  value.forEach((c, i) => {
    const at = `categories[${i}]`;
    if (!isPlainObject(c)) fail('must be an object {id, name, nameZh}', at);
    const entry = c as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (!CATEGORY_KEYS.has(key)) fail(`unknown field "${key}"`, `${at}.${key}`);
    const id = requireText(entry.id, `${at}.id`, fail);
    if (!CATEGORY_ID_PATTERN.test(id)) fail(`category id "${id}" must be lower-case words joined by hyphens`, `${at}.id`);
    const label: CategoryLabel = {
      id,
      name: optionalText(entry.name, `${at}.name`, fail) ?? id,
      nameZh: optionalText(entry.nameZh, `${at}.nameZh`, fail) ?? optionalText(entry.name, `${at}.name`, fail) ?? id,
    };
    const existing = out.findIndex((x) => x.id === id);
    // Declaring a built-in id renames it (e.g. a local name for "grocery"); declaring it twice is a mistake.
    if (existing >= BASE_CATEGORY_IDS.length) fail(`category "${id}" is declared twice`, `${at}.id`);
    if (existing >= 0) out[existing] = label;
    else out.push(label);
  });
  return out;
}

function readRule(
  value: unknown,
  index: number,
  defaults: { walkSpeedKmh: number; minShare: number; known: Set<string> },
  fail: Fail,
): StandardRule {
  // Named as a path into the file (rules[3].minutes): a rule is not a map feature.
  const bad = (message: string, field?: string): never => fail(message, field === undefined ? `rules[${index}]` : `rules[${index}].${field}`);
  if (!isPlainObject(value)) return bad('a rule must be an object');
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!RULE_KEYS.has(key)) bad(`unknown field "${key}"`, key);

  const level = oneOf(r.level, LEVELS, 'level', bad);
  const kind = oneOf(r.kind, COMMUNITY_KINDS, 'kind', bad);
  const zone = r.zone === undefined ? undefined : oneOf(r.zone, ZONES, 'zone', bad);
  const category = requireText(r.category, 'category', bad);
  if (!defaults.known.has(category)) {
    bad(`unknown category "${category}" (known: ${[...defaults.known].join(', ')}; declare others in "categories")`, 'category');
  }
  if (r.minutes === undefined && r.meters === undefined) bad('a rule needs "minutes" or "meters"', 'minutes');
  if (r.minutes !== undefined && r.meters !== undefined) bad('a rule takes "minutes" or "meters", not both', 'meters');
  const source = r.source === undefined ? bad('every rule needs a "source"', 'source') : requireText(r.source, 'source', bad);
  if (r.assumed !== undefined && typeof r.assumed !== 'boolean') bad('must be true or false', 'assumed');

  const base: RuleBase = {
    level,
    kind,
    category,
    speedKmh: r.speedKmh === undefined ? defaults.walkSpeedKmh : requirePositive(r.speedKmh, 'speedKmh', bad),
    ownSpeed: r.speedKmh !== undefined,
    minShare: r.minShare === undefined ? defaults.minShare : requireShare(r.minShare, 'minShare', bad),
    source,
    assumed: r.assumed === true,
    index,
  };
  if (zone !== undefined) base.zone = zone;
  const rule: StandardRule = r.minutes !== undefined
    ? { ...base, minutes: requirePositive(r.minutes, 'minutes', bad) }
    : { ...base, meters: requirePositive(r.meters, 'meters', bad) };
  const note = optionalText(r.note, 'note', bad);
  if (note !== undefined) rule.note = note;
  return rule;
}

/** Rules that are each fine alone but not together: duplicates, and zone overrides of nothing. */
function checkRuleSet(rules: StandardRule[], fail: Fail): void {
  const seen = new Map<string, number>();
  for (const r of rules) {
    const key = `${r.level}|${r.kind}|${r.zone ?? ''}|${r.category}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const what = `${r.level} ${r.kind}${r.zone ? ` ${r.zone}` : ''} ${r.category}`;
      fail(`duplicate rule: rule ${first} already sets ${what}`, `rules[${r.index}].category`);
    }
    seen.set(key, r.index);
  }
  for (const r of rules) {
    if (r.zone !== undefined && !seen.has(`${r.level}|${r.kind}||${r.category}`)) {
      fail(
        `zone override without a base rule: add a ${r.level} ${r.kind} ${r.category} rule without "zone" ` +
          'for communities that have no zone',
        `rules[${r.index}].zone`,
      );
    }
  }
}

function readTargets(value: unknown, fail: Fail): Targets {
  if (!isPlainObject(value)) return fail('must be an object like {"convenient": {"urban": 0.9}}', 'targets');
  const targets: Targets = {};
  for (const [level, byKind] of Object.entries(value as Record<string, unknown>)) {
    if (!(LEVELS as readonly string[]).includes(level)) fail(`unknown level "${level}"`, `targets.${level}`);
    if (!isPlainObject(byKind)) fail('must be an object like {"urban": 0.9, "rural": 0.5}', `targets.${level}`);
    const out: Partial<Record<CommunityKind, number>> = {};
    for (const [kind, share] of Object.entries(byKind as Record<string, unknown>)) {
      const field = `targets.${level}.${kind}`;
      if (!(COMMUNITY_KINDS as readonly string[]).includes(kind)) fail(`unknown kind "${kind}"`, field);
      if (typeof share !== 'number' || !Number.isFinite(share)) fail('must be a number', field);
      if ((share as number) < 0 || (share as number) > 1) fail(`target ${share} is outside [0, 1]`, field);
      out[kind as CommunityKind] = share as number;
    }
    targets[level as Level] = out;
  }
  // Quality implies convenient, so a larger quality target than convenient can never be met.
  for (const kind of COMMUNITY_KINDS) {
    const c = targets.convenient?.[kind];
    const q = targets.quality?.[kind];
    if (c !== undefined && q !== undefined && q > c) {
      fail(`quality target ${q} exceeds convenient target ${c}; quality communities also attain convenient`, `targets.quality.${kind}`);
    }
  }
  return targets;
}

function readQuotas(value: unknown, fail: Fail): Quotas {
  if (!isPlainObject(value)) return fail(`must be an object with any of ${QUOTA_IDS.join(', ')}`, 'quotas');
  const quotas: Quotas = {};
  for (const [id, q] of Object.entries(value as Record<string, unknown>)) {
    const at = `quotas.${id}`;
    if (!(QUOTA_IDS as readonly string[]).includes(id)) fail(`unknown quota "${id}" (known: ${QUOTA_IDS.join(', ')})`, at);
    if (!isPlainObject(q)) fail('must be an object {value, source}', at);
    const entry = q as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (!QUOTA_KEYS.has(key)) fail(`unknown field "${key}"`, `${at}.${key}`);
    if (entry.value === undefined) fail('a quota needs a "value"', `${at}.value`);
    const target: QuotaTarget = {
      value: requirePositive(entry.value, `${at}.value`, fail),
      source: entry.source === undefined ? fail('every quota needs a "source"', `${at}.source`) : requireText(entry.source, `${at}.source`, fail),
      assumed: false,
    };
    if (entry.assumed !== undefined && typeof entry.assumed !== 'boolean') fail('must be true or false', `${at}.assumed`);
    target.assumed = entry.assumed === true;
    const note = optionalText(entry.note, `${at}.note`, fail);
    if (note !== undefined) target.note = note;
    quotas[id as keyof Quotas] = target;
  }
  return quotas;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireText(v: unknown, field: string, fail: Fail): string {
  if (typeof v !== 'string' || v.trim() === '') return fail('must be a non-empty string', field);
  return v;
}

function optionalText(v: unknown, field: string, fail: Fail): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return fail('must be a string', field);
  return v;
}

function requirePositive(v: unknown, field: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`must be a number, got ${JSON.stringify(v)}`, field);
  if (v <= 0) return fail(`must be positive, got ${v}`, field);
  return v;
}

function requireShare(v: unknown, field: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`must be a number, got ${JSON.stringify(v)}`, field);
  if (v <= 0 || v > 1) return fail(`must be a share in (0, 1], got ${v}`, field);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string, fail: Fail): T {
  if (v === undefined) return fail(`missing ${field} (expected ${allowed.join(' or ')})`, field);
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    return fail(`unknown ${field} ${JSON.stringify(v)} (expected ${allowed.join(' or ')})`, field);
  }
  return v as T;
}
