import { InputError } from '../errors.js';
import { BUILTIN_STANDARDS, DEFAULT_STANDARD_ID } from './builtin.js';
import { BASE_CATEGORY_IDS, CATEGORY_ID_PATTERN, CATEGORY_LABELS, type CategoryLabel } from './categories.js';
import { QUOTA_IDS } from './quotas.js';
import { readIndicators } from './plan-indicators.js';
import {
  COMMUNITY_KINDS,
  DEFAULT_LEVELS,
  DEFAULT_MIN_SHARE,
  DEFAULT_WALK_SPEED_KMH,
  WITHINS,
  ZONES,
  ruleTest,
  type CommunityKind,
  type Level,
  type LevelSpec,
  type QuotaTarget,
  type Quotas,
  type Setting,
  type RuleBase,
  type Standard,
  type StandardRule,
  type Targets,
  type Zone,
} from './standard.js';

export interface LoadStandardOptions {
  /** Named in error messages: the file the object was read from. */
  file?: string;
}

const TOP_KEYS = new Set([
  'id', 'name', 'nameZh', 'description', 'walkSpeedKmh', 'minShare', 'levels', 'rules', 'targets', 'quotas', 'categories',
  'districtZones', 'districtZonesSource', 'indicators',
]);
const RULE_KEYS = new Set([
  'level', 'kind', 'zone', 'category', 'types', 'minutes', 'meters', 'within', 'speedKmh', 'minShare', 'source', 'assumed',
  'levelSource', 'levelAssumed', 'verification', 'note',
]);
const LEVEL_KEYS = new Set(['id', 'name', 'nameZh', 'order', 'requiresBelow', 'description', 'source']);
const SETTING_KEYS = new Set(['value', 'source', 'assumed', 'note']);
const QUOTA_KEYS = new Set(['value', 'source', 'assumed', 'strive', 'note']);
const CATEGORY_KEYS = new Set(['id', 'name', 'nameZh']);
const LEVEL_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

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
 * A zoned rule replaces, for its zone, the unzoned rule of the same level, kind, category and test;
 * a community without a zone gets only unzoned rules. A level that requires the ones below does not
 * repeat their rules: ask for each level.
 */
export function rulesFor(standard: Standard, kind: CommunityKind, zone: Zone | undefined, level: Level): StandardRule[] {
  const candidates = standard.rules.filter((r) => r.level === level && r.kind === kind);
  if (zone === undefined) return candidates.filter((r) => r.zone === undefined);
  const key = (r: StandardRule) => `${r.category}|${ruleTest(r)}`;
  const overridden = new Set(candidates.filter((r) => r.zone === zone).map(key));
  return candidates.filter((r) => (r.zone === undefined ? !overridden.has(key(r)) : r.zone === zone));
}

/** Display names for a category id, from the standard's categories, else the id itself. */
export function categoryLabel(standard: Standard, id: string): CategoryLabel {
  return standard.categories.find((c) => c.id === id) ?? { id, name: id, nameZh: id };
}

/** A level's spec by id (ids not declared get a bare spec, so reports never crash on them). */
export function levelSpec(standard: Standard, id: Level): LevelSpec {
  return standard.levels.find((l) => l.id === id) ?? { id, name: id, nameZh: id, order: standard.levels.length, requiresBelow: false };
}

/**
 * The standard with a run's settings in place of its own: the pace and the minimum share.
 * Rules that state their own keep theirs.
 */
export function withSettings(standard: Standard, s: { speedKmh?: number; minShare?: number }): Standard {
  if (s.speedKmh === undefined && s.minShare === undefined) return standard;
  const speedKmh = s.speedKmh ?? standard.walkSpeedKmh;
  const minShare = s.minShare ?? standard.minShare;
  const run = 'set for this run';
  return {
    ...standard,
    walkSpeedKmh: speedKmh,
    minShare,
    settings: {
      walkSpeedKmh: s.speedKmh === undefined ? standard.settings.walkSpeedKmh : { value: speedKmh, source: run, assumed: true },
      minShare: s.minShare === undefined ? standard.settings.minShare : { value: minShare, source: run, assumed: true },
    },
    rules: standard.rules.map((r) => ({
      ...r,
      speedKmh: r.ownSpeed ? r.speedKmh : speedKmh,
      minShare: r.ownMinShare ? r.minShare : minShare,
    })),
  };
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
  const walkSpeed = readSetting(s.walkSpeedKmh, 'walkSpeedKmh', DEFAULT_WALK_SPEED_KMH, requirePositive, fail);
  const minShareSetting = readSetting(s.minShare, 'minShare', DEFAULT_MIN_SHARE, requireShare, fail);
  const walkSpeedKmh = walkSpeed.value;
  const minShare = minShareSetting.value;
  const categories = readCategories(s.categories, fail);
  const known = new Set(categories.map((c) => c.id));
  const levels = readLevels(s.levels, fail);

  if (!Array.isArray(s.rules) || s.rules.length === 0) fail('a standard needs a non-empty "rules" array', 'rules');
  const rules = (s.rules as unknown[]).map((r, i) => readRule(r, i, { walkSpeedKmh, minShare, known, levels }, fail));
  checkRuleSet(rules, fail);

  const standard: Standard = {
    id, name, walkSpeedKmh, minShare, settings: { walkSpeedKmh: walkSpeed, minShare: minShareSetting }, levels, rules, categories,
    kinds: COMMUNITY_KINDS.filter((k) => rules.some((r) => r.kind === k)),
  };
  if (nameZh !== undefined) standard.nameZh = nameZh;
  if (description !== undefined) standard.description = description;
  if (s.targets !== undefined) standard.targets = readTargets(s.targets, levels, fail);
  if (s.quotas !== undefined) standard.quotas = readQuotas(s.quotas, fail);
  if (s.districtZones !== undefined) standard.districtZones = readDistrictZones(s.districtZones, fail);
  if (s.districtZonesSource !== undefined) {
    const d = s.districtZonesSource;
    if (!isPlainObject(d)) fail('must be an object {source, assumed}', 'districtZonesSource');
    const o = d as Record<string, unknown>;
    standard.districtZonesSource = { source: requireText(o.source, 'districtZonesSource.source', fail), assumed: o.assumed === true };
    const note = optionalText(o.note, 'districtZonesSource.note', fail);
    if (note !== undefined) standard.districtZonesSource.note = note;
  }
  if (s.indicators !== undefined) standard.indicators = readIndicators(s.indicators, { levels, categories: known, fail });
  return standard;
}

type Fail = (message: string, field?: string, feature?: number) => never;

/** A setting as `{value, source, assumed}`, or a plain number (users' files), or absent (the default). */
function readSetting(
  value: unknown, field: string, fallback: number, check: (v: unknown, field: string, fail: Fail) => number, fail: Fail,
): Setting {
  if (value === undefined) return { value: fallback, source: 'lifecircle default', assumed: true };
  if (typeof value === 'number') return { value: check(value, field, fail), assumed: false, source: 'stated in the standard without a source' };
  if (!isPlainObject(value)) return fail('must be a number or {"value", "source", "assumed"}', field);
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!SETTING_KEYS.has(key)) fail(`unknown field "${key}"`, `${field}.${key}`);
  if (o.value === undefined) fail('needs a "value"', `${field}.value`);
  if (o.assumed !== undefined && typeof o.assumed !== 'boolean') fail('must be true or false', `${field}.assumed`);
  const setting: Setting = { value: check(o.value, `${field}.value`, fail), assumed: o.assumed === true };
  const source = optionalText(o.source, `${field}.source`, fail);
  if (source !== undefined) setting.source = source;
  const note = optionalText(o.note, `${field}.note`, fail);
  if (note !== undefined) setting.note = note;
  return setting;
}

function readLevels(value: unknown, fail: Fail): LevelSpec[] {
  if (value === undefined) return DEFAULT_LEVELS.map((l) => ({ ...l }));
  if (!Array.isArray(value) || value.length === 0) return fail('must be a non-empty array of {id, name, nameZh, requiresBelow}', 'levels');
  const levels = value.map((v, i): LevelSpec => {
    const at = `levels[${i}]`;
    if (!isPlainObject(v)) fail('must be an object {id, name, nameZh, requiresBelow}', at);
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!LEVEL_KEYS.has(key)) fail(`unknown field "${key}"`, `${at}.${key}`);
    const id = requireText(o.id, `${at}.id`, fail);
    if (!LEVEL_ID_PATTERN.test(id)) fail(`level id "${id}" must be lower-case letters, digits and hyphens (it names CSV columns)`, `${at}.id`);
    if (o.requiresBelow !== undefined && typeof o.requiresBelow !== 'boolean') fail('must be true or false', `${at}.requiresBelow`);
    if (o.order !== undefined && (typeof o.order !== 'number' || !Number.isFinite(o.order))) fail('must be a number', `${at}.order`);
    const level: LevelSpec = {
      id,
      name: optionalText(o.name, `${at}.name`, fail) ?? id,
      nameZh: optionalText(o.nameZh, `${at}.nameZh`, fail) ?? optionalText(o.name, `${at}.name`, fail) ?? id,
      order: o.order === undefined ? i : (o.order as number),
      requiresBelow: o.requiresBelow === true,
    };
    const description = optionalText(o.description, `${at}.description`, fail);
    if (description !== undefined) level.description = description;
    const source = optionalText(o.source, `${at}.source`, fail);
    if (source !== undefined) level.source = source;
    return level;
  });
  const ids = new Set<string>();
  levels.forEach((l, i) => {
    if (ids.has(l.id)) fail(`level "${l.id}" is declared twice`, `levels[${i}].id`);
    ids.add(l.id);
  });
  // Lowest first; `order` is then the position, so consumers can index by it.
  return [...levels].sort((a, b) => a.order - b.order).map((l, i) => ({ ...l, order: i }));
}

function readDistrictZones(value: unknown, fail: Fail): Record<string, Zone> {
  if (!isPlainObject(value)) return fail('must be an object {"越秀区": "central", ...}', 'districtZones');
  const out: Record<string, Zone> = {};
  for (const [district, zone] of Object.entries(value as Record<string, unknown>)) {
    out[district] = oneOf(zone, ZONES, `districtZones.${district}`, fail);
  }
  return out;
}

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
  defaults: { walkSpeedKmh: number; minShare: number; known: Set<string>; levels: LevelSpec[] },
  fail: Fail,
): StandardRule {
  // Named as a path into the file (rules[3].minutes): a rule is not a map feature.
  const bad = (message: string, field?: string): never => fail(message, field === undefined ? `rules[${index}]` : `rules[${index}].${field}`);
  if (!isPlainObject(value)) return bad('a rule must be an object');
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!RULE_KEYS.has(key)) bad(`unknown field "${key}"`, key);

  const level = oneOf(r.level, defaults.levels.map((l) => l.id), 'level', bad);
  const kind = oneOf(r.kind, COMMUNITY_KINDS, 'kind', bad);
  const zone = r.zone === undefined ? undefined : oneOf(r.zone, ZONES, 'zone', bad);
  const category = requireText(r.category, 'category', bad);
  if (!defaults.known.has(category)) {
    bad(`unknown category "${category}" (known: ${[...defaults.known].join(', ')}; declare others in "categories")`, 'category');
  }
  const tests = (['minutes', 'meters', 'within'] as const).filter((k) => r[k] !== undefined);
  if (tests.length === 0) bad('a rule needs "minutes", "meters" or "within"', 'minutes');
  if (tests.length > 1) bad(`a rule takes one of "minutes", "meters" and "within", not ${tests.map((t) => `"${t}"`).join(' and ')}`, tests[1]);
  const source = r.source === undefined ? bad('every rule needs a "source"', 'source') : requireText(r.source, 'source', bad);
  for (const flag of ['assumed', 'levelAssumed'] as const) {
    if (r[flag] !== undefined && typeof r[flag] !== 'boolean') bad('must be true or false', flag);
  }
  if (r.within !== undefined && (r.speedKmh !== undefined || r.minShare !== undefined)) {
    bad('a presence rule ("within") walks nowhere and covers no share: drop "speedKmh" and "minShare"', r.speedKmh !== undefined ? 'speedKmh' : 'minShare');
  }

  const base: RuleBase = {
    level,
    kind,
    category,
    speedKmh: r.speedKmh === undefined ? defaults.walkSpeedKmh : requirePositive(r.speedKmh, 'speedKmh', bad),
    ownSpeed: r.speedKmh !== undefined,
    minShare: r.minShare === undefined ? defaults.minShare : requireShare(r.minShare, 'minShare', bad),
    ownMinShare: r.minShare !== undefined,
    source,
    assumed: r.assumed === true,
    // Unless a rule says otherwise, the level it sits at is the standard's own (true for national standards).
    levelAssumed: r.levelAssumed === true,
    index,
  };
  if (zone !== undefined) base.zone = zone;
  if (r.types !== undefined) {
    if (!Array.isArray(r.types) || r.types.length === 0 || r.types.some((t) => typeof t !== 'string' || t.trim() === '')) {
      bad('must be a non-empty array of facility types (as the category map assigns them)', 'types');
    }
    base.types = [...new Set((r.types as string[]).map((t) => t.trim()))];
  }
  for (const field of ['levelSource', 'verification', 'note'] as const) {
    const text = optionalText(r[field], field, bad);
    if (text !== undefined) base[field] = text;
  }
  if (r.minutes !== undefined) return { ...base, minutes: requirePositive(r.minutes, 'minutes', bad) };
  if (r.meters !== undefined) return { ...base, meters: requirePositive(r.meters, 'meters', bad) };
  return { ...base, within: oneOf(r.within, WITHINS, 'within', bad) };
}

/** Rules that are each fine alone but not together: duplicates, and zone overrides of nothing. */
function checkRuleSet(rules: StandardRule[], fail: Fail): void {
  const seen = new Map<string, number>();
  const key = (r: StandardRule, zone: string) => `${r.level}|${r.kind}|${zone}|${r.category}|${ruleTest(r)}`;
  for (const r of rules) {
    const k = key(r, r.zone ?? '');
    const first = seen.get(k);
    if (first !== undefined) {
      const what = `${r.level} ${r.kind}${r.zone ? ` ${r.zone}` : ''} ${r.category}${r.within ? ` within ${r.within}` : ''}`;
      fail(`duplicate rule: rule ${first} already sets ${what}`, `rules[${r.index}].category`);
    }
    seen.set(k, r.index);
  }
  for (const r of rules) {
    if (r.zone !== undefined && !seen.has(key(r, ''))) {
      fail(
        `zone override without a base rule: add a ${r.level} ${r.kind} ${r.category} rule without "zone" ` +
          'for communities that have no zone',
        `rules[${r.index}].zone`,
      );
    }
  }
}

function readTargets(value: unknown, levels: LevelSpec[], fail: Fail): Targets {
  const ids = levels.map((l) => l.id);
  if (!isPlainObject(value)) return fail(`must be an object like {"${ids[0]}": {"urban": 0.9}}`, 'targets');
  const targets: Targets = {};
  for (const [level, byKind] of Object.entries(value as Record<string, unknown>)) {
    if (!ids.includes(level)) fail(`unknown level "${level}" (levels: ${ids.join(', ')})`, `targets.${level}`);
    if (!isPlainObject(byKind)) fail('must be an object like {"urban": 0.9, "rural": 0.5}', `targets.${level}`);
    const out: Partial<Record<CommunityKind, number>> = {};
    for (const [kind, share] of Object.entries(byKind as Record<string, unknown>)) {
      const field = `targets.${level}.${kind}`;
      if (!(COMMUNITY_KINDS as readonly string[]).includes(kind)) fail(`unknown kind "${kind}"`, field);
      if (typeof share !== 'number' || !Number.isFinite(share)) fail('must be a number', field);
      if ((share as number) < 0 || (share as number) > 1) fail(`target ${share} is outside [0, 1]`, field);
      out[kind as CommunityKind] = share as number;
    }
    targets[level] = out;
  }
  // A level that requires the one below can never be attained by more communities than that one.
  for (let i = 1; i < levels.length; i++) {
    if (!levels[i].requiresBelow) continue;
    for (const kind of COMMUNITY_KINDS) {
      const below = targets[levels[i - 1].id]?.[kind];
      const here = targets[levels[i].id]?.[kind];
      if (below !== undefined && here !== undefined && here > below) {
        fail(`${levels[i].id} target ${here} exceeds ${levels[i - 1].id} target ${below}; ${levels[i].id} communities also attain ${levels[i - 1].id}`,
          `targets.${levels[i].id}.${kind}`);
      }
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
    if (entry.strive !== undefined && typeof entry.strive !== 'boolean') fail('must be true or false', `${at}.strive`);
    if (entry.strive === true) target.strive = true;
    const note = optionalText(entry.note, `${at}.note`, fail);
    if (note !== undefined) target.note = note;
    quotas[id as keyof Quotas] = target;
  }
  return quotas;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
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
