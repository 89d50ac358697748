import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { readStandardFile } from '../src/intake/read-standard-file.js';
import { GB50180_2018, GUANGZHOU_1530, GUANGZHOU_1530_STRICT } from '../src/standards/builtin.js';
import { BASE_CATEGORY_IDS, CATEGORY_LABELS } from '../src/standards/categories.js';
import { builtinStandards, categoryLabel, DEFAULT_STANDARD_ID, loadStandard, rulesFor } from '../src/standards/load-standard.js';
import { QUOTA_IDS } from '../src/standards/quotas.js';
import type { CommunityKind, Level, Zone } from '../src/standards/standard.js';

const repo = new URL('../', import.meta.url);
const readJson = (rel: string): unknown => JSON.parse(readFileSync(new URL(rel, repo), 'utf8'));

/** A small valid standard; each bad case below breaks one thing in a copy of it. */
function base(): Record<string, any> {
  return {
    id: 'test',
    name: 'Test standard',
    rules: [
      { level: 'convenient', kind: 'urban', category: 'health', minutes: 15, source: 'plan ch. 1' },
      { level: 'convenient', kind: 'urban', category: 'elder-care', minutes: 15, source: 'plan ch. 5' },
    ],
  };
}

function errorOf(spec: unknown): InputError {
  try {
    loadStandard(spec, { file: 'my-standard.json' });
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('built-in standards', () => {
  it('lists guangzhou-1530 first (the default), its strict variant and gb50180-2018', () => {
    expect(builtinStandards()).toEqual([
      { id: 'guangzhou-1530', name: GUANGZHOU_1530.name },
      { id: 'guangzhou-1530-strict', name: GUANGZHOU_1530_STRICT.name },
      { id: 'gb50180-2018', name: GB50180_2018.name },
    ]);
  });

  it('match data/standards/*.json exactly, and every file there is a built-in', () => {
    const files = readdirSync(new URL('data/standards/', repo)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['gb50180-2018.json', 'guangzhou-1530-strict.json', 'guangzhou-1530.json']);
    // If this fails, src/standards/builtin.ts and the JSON file drifted: edit both the same way.
    // JSON drops `undefined`, so compare through a JSON round trip.
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    expect(readJson('data/standards/guangzhou-1530.json')).toEqual(plain(GUANGZHOU_1530));
    expect(readJson('data/standards/guangzhou-1530-strict.json')).toEqual(plain(GUANGZHOU_1530_STRICT));
    expect(readJson('data/standards/gb50180-2018.json')).toEqual(plain(GB50180_2018));
  });

  it('load by name, and the JSON file loads to the same standard', () => {
    for (const { id } of builtinStandards()) {
      expect(loadStandard(readJson(`data/standards/${id}.json`))).toEqual(loadStandard(id, { file: `built-in standard ${id}` }));
    }
  });

  it('every rule has a source, and a rule not marked assumed cites a chapter or clause', () => {
    for (const { id } of builtinStandards()) {
      for (const r of loadStandard(id).rules) {
        expect(r.source.trim().length, `${id} rule ${r.index}`).toBeGreaterThan(10);
        if (!r.assumed) expect(r.source, `${id} rule ${r.index}`).toMatch(/ch\. \d+ s\. \d+|GB 50180-2018 Appendix [BC]/);
        // Where the level is the standard's own, it must be a national tier or cite its source.
        if (!r.levelAssumed && r.levelSource !== undefined) expect(r.levelSource).toMatch(/穗社建|GB 50180/);
      }
    }
  });

  it('guangzhou-1530 covers both kinds and every category but the national junior middle school; gb50180-2018 only urban', () => {
    const gz = loadStandard('guangzhou-1530');
    expect(gz.kinds).toEqual(['urban', 'rural']);
    expect(new Set(gz.rules.map((r) => r.category))).toEqual(new Set(BASE_CATEGORY_IDS.filter((c) => c !== 'middle-school')));
    expect(loadStandard('gb50180-2018').kinds).toEqual(['urban']);
  });

  // Issue 11: 便民 and 优质 share one circle; quality is more services in it, never a shorter walk.
  const distanceM = (r: { minutes?: number; meters?: number; speedKmh: number }) => r.meters ?? (r.minutes as number) * (r.speedKmh * 1000) / 60;
  const tighter = (id: string) => {
    const std = loadStandard(id);
    const found: string[] = [];
    for (const kind of ['urban', 'rural'] as CommunityKind[]) {
      for (const zone of [undefined, 'central', 'outer'] as (Zone | undefined)[]) {
        const conv = rulesFor(std, kind, zone, 'convenient').filter((r) => !r.within);
        for (const q of rulesFor(std, kind, zone, 'quality').filter((r) => !r.within)) {
          const c = conv.find((r) => r.category === q.category);
          if (c && distanceM(q) < distanceM(c)) found.push(`${kind} ${zone ?? '-'} ${q.category}`);
        }
      }
    }
    return found;
  };

  it('guangzhou-1530: no quality rule is tighter than the convenient rule of the same category, kind and zone', () => {
    expect(tighter('guangzhou-1530')).toEqual([]);
  });

  it('guangzhou-1530-strict is the opt-in tighter reading: it has such rules, and the default is not it', () => {
    expect(tighter('guangzhou-1530-strict').length).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_STANDARD_ID).toBe('guangzhou-1530');
  });

  it('guangzhou-1530: levels are data, quality requires convenient, and quality adds at least three categories', () => {
    const gz = loadStandard('guangzhou-1530');
    expect(gz.levels.map((l) => [l.id, l.nameZh, l.order, l.requiresBelow])).toEqual([
      ['convenient', '便民生活服务圈', 0, false], ['quality', '优质生活服务圈', 1, true],
    ]);
    for (const kind of ['urban', 'rural'] as CommunityKind[]) {
      const cats = (level: string) => new Set(gz.rules.filter((r) => r.kind === kind && r.level === level).map((r) => r.category));
      const added = [...cats('quality')].filter((c) => !cats('convenient').has(c));
      expect(added.length, kind).toBeGreaterThanOrEqual(3);
      expect(added, kind).toEqual(expect.arrayContaining(['culture', 'childcare', 'primary-school']));
    }
  });

  it('guangzhou-1530: the new 便民 categories have convenient rules in the circle, for both kinds', () => {
    const gz = loadStandard('guangzhou-1530');
    for (const category of ['convenience-store', 'repair-housekeeping', 'express-delivery', 'grocery']) {
      for (const kind of ['urban', 'rural'] as CommunityKind[]) {
        const r = rulesFor(gz, kind, undefined, 'convenient').find((x) => x.category === category);
        expect(r?.minutes, `${kind} ${category}`).toBe(kind === 'urban' ? 15 : 30);
        expect(r?.assumed).toBe(true);
      }
    }
  });

  it('guangzhou-1530: presence rules for the plan\'s "one in every community / street" requirements', () => {
    const gz = loadStandard('guangzhou-1530');
    const presence = gz.rules.filter((r) => r.within).map((r) => `${r.level} ${r.kind} ${r.category}${r.types ? `[${r.types}]` : ''} in ${r.within}`);
    for (const kind of ['urban', 'rural']) {
      expect(presence).toEqual(expect.arrayContaining([
        `convenient ${kind} community-service[community] in community`,
        `quality ${kind} elder-care[station] in community`,
        `quality ${kind} elder-care[centre] in street`,
        `quality ${kind} social-work in street`,
        `quality ${kind} children-home in community`,
        `quality ${kind} kangyuan in street`,
      ]));
    }
    // Social work is no longer a walk to a street station.
    expect(gz.rules.filter((r) => r.category === 'social-work' && !r.within)).toEqual([]);
  });

  it('guangzhou-1530: typed rules: health means community health centres, stations and village clinics; community service the community level', () => {
    const gz = loadStandard('guangzhou-1530');
    for (const r of gz.rules.filter((x) => x.category === 'health')) expect(r.types).toEqual(['centre', 'station', 'village-clinic']);
    for (const r of gz.rules.filter((x) => x.category === 'community-service')) expect(r.types).toEqual(['community']);
  });

  it('guangzhou-1530: settings with provenance, both assumed, and the 11-district zone table', () => {
    const gz = loadStandard('guangzhou-1530');
    expect(gz.settings.walkSpeedKmh).toMatchObject({ value: 3.6, assumed: true });
    expect(gz.settings.minShare).toMatchObject({ value: 0.8, assumed: true });
    expect(gz.settings.walkSpeedKmh.source).toMatch(/GB 50180/);
    expect(Object.keys(gz.districtZones ?? {})).toHaveLength(11);
    expect(Object.entries(gz.districtZones ?? {}).filter(([, z]) => z === 'central').map(([d]) => d).sort())
      .toEqual(['天河区', '海珠区', '白云区', '荔湾区', '越秀区', '黄埔区'].sort());
    expect(gz.districtZonesSource?.assumed).toBe(true);
  });

  it('guangzhou-1530: the plan indicators name every quantified target, with the childcare places as 力争', () => {
    const gz = loadStandard('guangzhou-1530');
    const ids = (gz.indicators ?? []).map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['convenient-urban', 'quality-rural', 'nursing-beds', 'workers', 'service-floor', 'volunteers', 'childcare-places']));
    expect(gz.indicators!.find((i) => i.id === 'childcare-places')).toMatchObject({ target: 5.8, strive: true });
    expect(gz.quotas?.childcarePlacesPer1000Residents?.strive).toBe(true);
  });

  it('gb50180-2018: the 15-, 10- and 5-minute tiers and the residential block, each its own level, radii flagged unverified', () => {
    const gb = loadStandard('gb50180-2018');
    expect(gb.levels.map((l) => l.id)).toEqual(['15-minute', '10-minute', '5-minute', 'block']);
    expect(gb.levels.every((l) => !l.requiresBelow)).toBe(true);
    const at = (level: string) => gb.rules.filter((r) => r.level === level).map((r) => r.category);
    expect(at('15-minute')).toEqual(expect.arrayContaining(['middle-school', 'sports', 'health', 'elder-care']));
    expect(at('5-minute')).toEqual(expect.arrayContaining(['childcare', 'convenience-store', 'kindergarten']));
    expect(gb.rules.every((r) => r.verification !== undefined)).toBe(true);
  });

  it('unknown name: the message lists the built-ins', () => {
    expect(() => loadStandard('shanghai')).toThrow(/unknown standard "shanghai" \(built-in: guangzhou-1530, guangzhou-1530-strict, gb50180-2018\)/);
  });

  it('a loaded standard is a copy: changing it does not change the next load', () => {
    const a = loadStandard('guangzhou-1530');
    a.rules[1].minutes = 99;
    expect(loadStandard('guangzhou-1530').rules[1].minutes).toBe(15);
  });
});

describe('guangzhou-1530 agrees with seeds/targets.json', () => {
  const seeds = readJson('seeds/targets.json') as any;
  const gz = loadStandard('guangzhou-1530');
  const minutes = (kind: CommunityKind, zone: Zone | undefined, level: Level, category: string) =>
    rulesFor(gz, kind, zone, level).find((r) => r.category === category);

  it('attainment targets', () => {
    const { convenient, quality } = seeds.attainment;
    expect(gz.targets).toEqual({ convenient, quality });
  });

  it('quotas: same keys and values', () => {
    const fromSeeds = Object.fromEntries(Object.entries(seeds.quotas).map(([k, v]: [string, any]) => [k, v.value]));
    const fromStandard = Object.fromEntries(Object.entries(gz.quotas ?? {}).map(([k, v]) => [k, v.value]));
    expect(fromStandard).toEqual(fromSeeds);
    expect(Object.keys(fromSeeds).sort()).toEqual([...QUOTA_IDS].sort());
  });

  it('circles: no urban rule beyond 15 minutes except the outer-zone elder-care range; villages within 30', () => {
    const elder = seeds.services.find((s: any) => s.id === 'elder-care').spatial;
    for (const r of gz.rules) {
      if (r.minutes === undefined) continue;
      const cap = r.kind === 'rural' ? seeds.circles.rural.minutes : r.zone === 'outer' ? elder.outer.maxMinutes : seeds.circles.urban.minutes;
      expect(r.minutes, `rule ${r.index}`).toBeLessThanOrEqual(cap);
    }
  });

  it('elder care: the upper bound of each zone range is the requirement, for urban communities and villages alike', () => {
    const elder = seeds.services.find((s: any) => s.id === 'elder-care').spatial;
    for (const kind of ['urban', 'rural'] as CommunityKind[]) {
      for (const zone of ['central', 'outer'] as Zone[]) {
        expect(minutes(kind, zone, 'convenient', 'elder-care')?.minutes).toBe(elder[zone].maxMinutes);
        // Quality asks for the Yikang station and centre, not a shorter walk.
        expect(rulesFor(gz, kind, zone, 'quality').filter((r) => r.category === 'elder-care' && !r.within)).toEqual([]);
      }
    }
  });

  it('childcare, culture and sports use the plan figures (infant care 15 minutes for villages too)', () => {
    const service = (id: string) => seeds.services.find((s: any) => s.id === id).spatial;
    const distance = (kind: CommunityKind, level: Level, id: string) => rulesFor(gz, kind, undefined, level).find((r) => r.category === id && !r.within);
    expect(distance('urban', 'quality', 'childcare')?.minutes).toBe(service('childcare').minutes);
    expect(distance('rural', 'quality', 'childcare')?.minutes).toBe(service('childcare').minutes);
    for (const id of ['culture', 'sports']) {
      const level = id === 'culture' ? 'quality' : 'convenient';
      expect(distance('urban', level, id)?.minutes).toBe(service(id).urban.minutes);
      expect(distance('rural', level, id)?.meters).toBe(service(id).rural.meters);
      expect(service(id).rural.meters).toBe(service(id).rural.li * 500);
    }
  });
});

describe('loadStandard resolves defaults', () => {
  it('walkSpeedKmh 3.6 and minShare 0.8 reach every rule; a rule may set its own', () => {
    const spec = base();
    spec.rules[1].speedKmh = 3;
    spec.rules[1].minShare = 0.9;
    const s = loadStandard(spec);
    expect(s.walkSpeedKmh).toBe(3.6);
    expect(s.minShare).toBe(0.8);
    expect(s.rules.map((r) => [r.speedKmh, r.minShare, r.assumed, r.index])).toEqual([
      [3.6, 0.8, false, 0],
      [3, 0.9, false, 1],
    ]);
  });

  it('settings: a plain number (users\' files) or {value, source, assumed}; absent: the default, marked assumed', () => {
    expect(loadStandard(base()).settings.minShare).toMatchObject({ value: 0.8, assumed: true });
    const plain = loadStandard({ ...base(), minShare: 0.85 });
    expect(plain.minShare).toBe(0.85);
    expect(plain.settings.minShare.assumed).toBe(false);
    const rich = loadStandard({ ...base(), walkSpeedKmh: { value: 4, source: 'survey', assumed: true } });
    expect(rich.walkSpeedKmh).toBe(4);
    expect(rich.rules.every((r) => r.speedKmh === 4)).toBe(true);
    expect(rich.settings.walkSpeedKmh).toEqual({ value: 4, source: 'survey', assumed: true });
  });

  it('levels: a file without them gets convenient and quality (quality requires convenient); declared levels keep their order', () => {
    expect(loadStandard(base()).levels.map((l) => [l.id, l.requiresBelow])).toEqual([['convenient', false], ['quality', true]]);
    const s = loadStandard({
      ...base(),
      levels: [{ id: 'top', order: 2, requiresBelow: true }, { id: 'convenient', nameZh: '便民' }],
      rules: [{ level: 'top', kind: 'urban', category: 'health', within: 'community', source: 'x' }, base().rules[0]],
    });
    expect(s.levels.map((l) => [l.id, l.order])).toEqual([['convenient', 0], ['top', 1]]);
    expect(s.rules[0].within).toBe('community');
  });

  it('a standard-wide speed and share become the rules\' defaults', () => {
    const s = loadStandard({ ...base(), walkSpeedKmh: 4.5, minShare: 0.85 });
    expect(s.rules.every((r) => r.speedKmh === 4.5 && r.minShare === 0.85)).toBe(true);
  });

  it('declared categories are accepted in rules, labelled, and built-in ones can be renamed', () => {
    const spec = base();
    spec.categories = [{ id: 'pharmacy', name: 'Pharmacy', nameZh: '药店' }, { id: 'grocery', name: 'Wet market', nameZh: '街市' }];
    spec.rules.push({ level: 'quality', kind: 'urban', category: 'pharmacy', meters: 600, source: 'ours', assumed: true });
    const s = loadStandard(spec);
    expect(s.rules[2].category).toBe('pharmacy');
    expect(categoryLabel(s, 'pharmacy')).toEqual({ id: 'pharmacy', name: 'Pharmacy', nameZh: '药店' });
    expect(categoryLabel(s, 'grocery').nameZh).toBe('街市');
    expect(categoryLabel(s, 'health')).toEqual(CATEGORY_LABELS.find((c) => c.id === 'health'));
    expect(s.categories).toHaveLength(BASE_CATEGORY_IDS.length + 1);
  });
});

describe('loadStandard rejects bad standards, naming file, rule and field', () => {
  type Case = [what: string, mutate: (s: Record<string, any>) => unknown, field: string | undefined, feature: number | undefined, fragment: string];
  const cases: Case[] = [
    ['not an object', () => [1, 2], undefined, undefined, 'must be a JSON object'],
    ['unknown top-level field', (s) => ({ ...s, minShares: 0.8 }), 'minShares', undefined, 'unknown field "minShares"'],
    ['missing id', (s) => ({ ...s, id: undefined }), 'id', undefined, 'non-empty string'],
    ['speed zero', (s) => ({ ...s, walkSpeedKmh: 0 }), 'walkSpeedKmh', undefined, 'must be positive, got 0'],
    ['speed as text', (s) => ({ ...s, walkSpeedKmh: '3.6' }), 'walkSpeedKmh', undefined, 'must be a number'],
    ['minShare above 1', (s) => ({ ...s, minShare: 1.5 }), 'minShare', undefined, 'share in (0, 1]'],
    ['minShare zero', (s) => ({ ...s, minShare: 0 }), 'minShare', undefined, 'share in (0, 1]'],
    ['no rules', (s) => ({ ...s, rules: [] }), 'rules', undefined, 'non-empty "rules"'],
    ['rule not an object', (s) => (s.rules.push('health'), s), undefined, 2, 'a rule must be an object'],
    ['unknown level', (s) => ((s.rules[1].level = 'gold'), s), 'level', 1, 'unknown level "gold"'],
    ['missing level', (s) => (delete s.rules[0].level, s), 'level', 0, 'missing level'],
    ['unknown kind', (s) => ((s.rules[0].kind = '社区'), s), 'kind', 0, 'unknown kind "社区" (expected urban or rural)'],
    ['unknown zone', (s) => ((s.rules[1].zone = 'inner'), s), 'zone', 1, 'unknown zone "inner"'],
    ['unknown category', (s) => ((s.rules[1].category = 'pharmacy'), s), 'category', 1, 'unknown category "pharmacy"'],
    ['unknown rule field', (s) => ((s.rules[0].minuts = 15), s), 'minuts', 0, 'unknown field "minuts"'],
    ['neither minutes nor meters', (s) => (delete s.rules[1].minutes, s), 'minutes', 1, 'needs "minutes", "meters" or "within"'],
    ['both minutes and meters', (s) => ((s.rules[0].meters = 900), s), 'meters', 0, 'not "minutes" and "meters"'],
    ['minutes and within', (s) => ((s.rules[0].within = 'community'), s), 'within', 0, 'not "minutes" and "within"'],
    ['unknown within', (s) => ((delete s.rules[0].minutes, (s.rules[0].within = 'district')), s), 'within', 0, 'unknown within "district"'],
    ['presence rule with a share', (s) => ((delete s.rules[0].minutes, (s.rules[0].within = 'street'), (s.rules[0].minShare = 0.5)), s), 'minShare', 0, 'walks nowhere'],
    ['empty types', (s) => ((s.rules[0].types = []), s), 'types', 0, 'non-empty array'],
    ['setting without value', (s) => ({ ...s, minShare: { source: 'x' } }), 'minShare.value', undefined, 'needs a "value"'],
    ['level declared twice', (s) => ({ ...s, levels: [{ id: 'convenient' }, { id: 'convenient' }] }), 'levels[1].id', undefined, 'declared twice'],
    ['rule at an undeclared level', (s) => ({ ...s, levels: [{ id: 'basic' }] }), 'level', 0, 'unknown level "convenient"'],
    ['unknown district zone', (s) => ({ ...s, districtZones: { 越秀区: 'inner' } }), 'districtZones.越秀区', undefined, 'unknown districtZones.越秀区'],
    ['negative minutes', (s) => ((s.rules[1].minutes = -5), s), 'minutes', 1, 'must be positive, got -5'],
    ['meters as text', (s) => ((delete s.rules[0].minutes, (s.rules[0].meters = '500')), s), 'meters', 0, 'must be a number, got "500"'],
    ['infinite minutes', (s) => ((s.rules[0].minutes = Infinity), s), 'minutes', 0, 'must be a number'],
    ['rule speed zero', (s) => ((s.rules[1].speedKmh = 0), s), 'speedKmh', 1, 'must be positive'],
    ['rule minShare zero', (s) => ((s.rules[0].minShare = 0), s), 'minShare', 0, 'share in (0, 1]'],
    ['rule minShare above 1', (s) => ((s.rules[0].minShare = 1.2), s), 'minShare', 0, 'share in (0, 1]'],
    ['missing source', (s) => (delete s.rules[1].source, s), 'source', 1, 'needs a "source"'],
    ['blank source', (s) => ((s.rules[0].source = '  '), s), 'source', 0, 'non-empty string'],
    ['assumed as text', (s) => ((s.rules[0].assumed = 'yes'), s), 'assumed', 0, 'true or false'],
    ['duplicate rule', (s) => (s.rules.push({ ...s.rules[0], minutes: 10 }), s), 'category', 2, 'duplicate rule: rule 0 already sets convenient urban health'],
    ['zone override without a base rule',
      (s) => (s.rules.push({ level: 'quality', kind: 'urban', zone: 'outer', category: 'elder-care', minutes: 20, source: 'x' }), s),
      'zone', 2, 'zone override without a base rule'],
    ['target above 1', (s) => ({ ...s, targets: { convenient: { urban: 1.2 } } }), 'targets.convenient.urban', undefined, 'outside [0, 1]'],
    ['target below 0', (s) => ({ ...s, targets: { quality: { rural: -0.1 } } }), 'targets.quality.rural', undefined, 'outside [0, 1]'],
    ['target of unknown level', (s) => ({ ...s, targets: { gold: { urban: 0.5 } } }), 'targets.gold', undefined, 'unknown level "gold"'],
    ['target of unknown kind', (s) => ({ ...s, targets: { quality: { suburban: 0.5 } } }), 'targets.quality.suburban', undefined, 'unknown kind'],
    ['quality target above convenient', (s) => ({ ...s, targets: { convenient: { urban: 0.4 }, quality: { urban: 0.5 } } }),
      'targets.quality.urban', undefined, 'exceeds convenient target 0.4'],
    ['unknown quota', (s) => ({ ...s, quotas: { bedsPer1000: { value: 40, source: 'x' } } }), 'quotas.bedsPer1000', undefined, 'unknown quota'],
    ['quota value zero', (s) => ({ ...s, quotas: { workersPer10000Residents: { value: 0, source: 'x' } } }),
      'quotas.workersPer10000Residents.value', undefined, 'must be positive'],
    ['quota without source', (s) => ({ ...s, quotas: { workersPer10000Residents: { value: 18 } } }),
      'quotas.workersPer10000Residents.source', undefined, 'needs a "source"'],
    ['bad declared category id', (s) => ({ ...s, categories: [{ id: 'Pharmacy', name: 'Pharmacy' }] }), 'categories[0].id', undefined, 'lower-case'],
    ['category declared twice', (s) => ({ ...s, categories: [{ id: 'pharmacy' }, { id: 'pharmacy' }] }), 'categories[1].id', undefined, 'declared twice'],
  ];

  it.each(cases)('%s', (_what, mutate, field, feature, fragment) => {
    const err = errorOf(mutate(base()));
    expect(err.file).toBe('my-standard.json');
    // A rule's problems are named by their path in the file, e.g. rules[1].minutes.
    expect(err.field).toBe(feature === undefined ? field : field === undefined ? `rules[${feature}]` : `rules[${feature}].${field}`);
    expect(err.feature).toBeUndefined();
    expect(err.message).toContain(fragment);
    expect(err.message.startsWith('my-standard.json')).toBe(true);
  });

  it('the unmodified base standard is valid (so each case fails for its own reason)', () => {
    expect(() => loadStandard(base())).not.toThrow();
  });
});

describe('rulesFor: zone overrides', () => {
  // Worked by hand. Urban convenient: health 15 and elder-care 15 for everyone, elder-care 25 in outer
  // districts, sports 10 only in central districts... which needs a base rule, so sports 12 unzoned.
  const s = loadStandard({
    id: 'zones',
    name: 'Zones',
    rules: [
      { level: 'convenient', kind: 'urban', category: 'health', minutes: 15, source: 'a' },           // 0
      { level: 'convenient', kind: 'urban', category: 'elder-care', minutes: 15, source: 'a' },       // 1
      { level: 'convenient', kind: 'urban', zone: 'outer', category: 'elder-care', minutes: 25, source: 'a' }, // 2
      { level: 'convenient', kind: 'urban', category: 'sports', minutes: 12, source: 'a' },           // 3
      { level: 'convenient', kind: 'urban', zone: 'central', category: 'sports', minutes: 10, source: 'a' },   // 4
      { level: 'quality', kind: 'urban', category: 'culture', minutes: 10, source: 'a' },             // 5
      { level: 'convenient', kind: 'rural', category: 'health', minutes: 30, source: 'a' },           // 6
    ],
  });
  const ids = (kind: CommunityKind, zone: Zone | undefined, level: Level) => rulesFor(s, kind, zone, level).map((r) => r.index);

  it('a community without a zone gets only unzoned rules', () => {
    expect(ids('urban', undefined, 'convenient')).toEqual([0, 1, 3]);
  });
  it('an outer community gets the outer elder-care rule instead of the base one, and base sports', () => {
    expect(ids('urban', 'outer', 'convenient')).toEqual([0, 2, 3]);
  });
  it('a central community gets the central sports rule instead of the base one, and base elder care', () => {
    expect(ids('urban', 'central', 'convenient')).toEqual([0, 1, 4]);
  });
  it('levels and kinds stay apart', () => {
    expect(ids('urban', 'outer', 'quality')).toEqual([5]);
    expect(ids('rural', 'outer', 'convenient')).toEqual([6]);
    expect(ids('rural', undefined, 'quality')).toEqual([]);
  });

  it('property: exactly one rule per category present, the zoned one when it exists', () => {
    const cats = ['health', 'elder-care', 'sports', 'culture'];
    const ruleArb = fc.record({
      level: fc.constantFrom<Level>('convenient', 'quality'),
      kind: fc.constantFrom<CommunityKind>('urban', 'rural'),
      zone: fc.constantFrom<Zone | undefined>(undefined, 'central', 'outer'),
      category: fc.constantFrom(...cats),
    });
    fc.assert(
      fc.property(fc.uniqueArray(ruleArb, { selector: (r) => `${r.level}${r.kind}${r.zone}${r.category}`, maxLength: 30 }),
        fc.constantFrom<Zone | undefined>(undefined, 'central', 'outer'), (raw, zone) => {
          // Keep only zoned rules that have a base, as the loader demands.
          const rules = raw.filter((r) => r.zone === undefined || raw.some((b) => b.zone === undefined && b.level === r.level && b.kind === r.kind && b.category === r.category));
          if (rules.length === 0) return;
          const std = loadStandard({ id: 'p', name: 'p', rules: rules.map((r) => ({ ...r, minutes: 10, source: 's' })) });
          for (const level of ['convenient', 'quality'] as Level[]) {
            for (const kind of ['urban', 'rural'] as CommunityKind[]) {
              const got = rulesFor(std, kind, zone, level);
              for (const category of cats) {
                const zoned = std.rules.find((r) => r.level === level && r.kind === kind && r.category === category && zone !== undefined && r.zone === zone);
                const unzoned = std.rules.find((r) => r.level === level && r.kind === kind && r.category === category && r.zone === undefined);
                const expected = zoned ?? unzoned;
                expect(got.filter((r) => r.category === category)).toEqual(expected ? [expected] : []);
              }
            }
          }
        }),
    );
  });
});

describe('readStandardFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-std-'));

  it('reads a JSON file (with a BOM) and names it in errors', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, '\ufeff' + JSON.stringify(base()));
    expect((await readStandardFile(good)).id).toBe('test');

    const bad = join(dir, 'bad.json');
    const spec = base();
    spec.rules[1].level = 'gold';
    writeFileSync(bad, JSON.stringify(spec));
    await expect(readStandardFile(bad)).rejects.toMatchObject({ file: bad, field: 'rules[1].level' });
  });

  it('reports broken JSON and missing files as InputError', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"id": ');
    await expect(readStandardFile(broken)).rejects.toThrow(/broken\.json: not valid JSON/);
    await expect(readStandardFile(join(dir, 'missing.json'))).rejects.toThrow(/no such file/);
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
  });
});
