import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { readStandardFile } from '../src/intake/read-standard-file.js';
import { GB50180_2018, GUANGZHOU_1530 } from '../src/standards/builtin.js';
import { BASE_CATEGORY_IDS, CATEGORY_LABELS } from '../src/standards/categories.js';
import { builtinStandards, categoryLabel, loadStandard, rulesFor } from '../src/standards/load-standard.js';
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
  it('lists guangzhou-1530 first (the default) and gb50180-2018', () => {
    expect(builtinStandards()).toEqual([
      { id: 'guangzhou-1530', name: GUANGZHOU_1530.name },
      { id: 'gb50180-2018', name: GB50180_2018.name },
    ]);
  });

  it('match data/standards/*.json exactly, and every file there is a built-in', () => {
    const files = readdirSync(new URL('data/standards/', repo)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['gb50180-2018.json', 'guangzhou-1530.json']);
    // If this fails, src/standards/builtin.ts and the JSON file drifted: edit both the same way.
    expect(readJson('data/standards/guangzhou-1530.json')).toEqual(GUANGZHOU_1530);
    expect(readJson('data/standards/gb50180-2018.json')).toEqual(GB50180_2018);
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
        if (!r.assumed) expect(r.source, `${id} rule ${r.index}`).toMatch(/ch\. \d+ s\. \d+|GB 50180-2018 Appendix C/);
      }
    }
  });

  it('guangzhou-1530 covers both kinds and all ten categories; gb50180-2018 only urban', () => {
    const gz = loadStandard('guangzhou-1530');
    expect(gz.kinds).toEqual(['urban', 'rural']);
    expect(new Set(gz.rules.map((r) => r.category))).toEqual(new Set(BASE_CATEGORY_IDS));
    expect(loadStandard('gb50180-2018').kinds).toEqual(['urban']);
  });

  it('quality rules are never looser than convenient ones for the same community', () => {
    // A quality community also attains convenient, so a looser quality threshold would be dead weight.
    const gz = loadStandard('guangzhou-1530');
    for (const kind of ['urban', 'rural'] as CommunityKind[]) {
      for (const zone of [undefined, 'central', 'outer'] as (Zone | undefined)[]) {
        const conv = rulesFor(gz, kind, zone, 'convenient');
        for (const q of rulesFor(gz, kind, zone, 'quality')) {
          const c = conv.find((r) => r.category === q.category);
          if (c?.minutes !== undefined && q.minutes !== undefined) expect(q.minutes).toBeLessThanOrEqual(c.minutes);
          if (c?.meters !== undefined && q.meters !== undefined) expect(q.meters).toBeLessThanOrEqual(c.meters);
        }
      }
    }
  });

  it('unknown name: the message lists the built-ins', () => {
    expect(() => loadStandard('shanghai')).toThrow(/unknown standard "shanghai" \(built-in: guangzhou-1530, gb50180-2018\)/);
  });

  it('a loaded standard is a copy: changing it does not change the next load', () => {
    const a = loadStandard('guangzhou-1530');
    a.rules[0].minutes = 99;
    expect(loadStandard('guangzhou-1530').rules[0].minutes).toBe(15);
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

  it('elder care: convenient at the upper and quality at the lower bound of each zone range', () => {
    const elder = seeds.services.find((s: any) => s.id === 'elder-care').spatial;
    for (const zone of ['central', 'outer'] as Zone[]) {
      expect(minutes('urban', zone, 'convenient', 'elder-care')?.minutes).toBe(elder[zone].maxMinutes);
      expect(minutes('urban', zone, 'quality', 'elder-care')?.minutes).toBe(elder[zone].minMinutes);
    }
  });

  it('childcare, culture and sports use the plan figures', () => {
    const service = (id: string) => seeds.services.find((s: any) => s.id === id).spatial;
    expect(minutes('urban', undefined, 'quality', 'childcare')?.minutes).toBe(service('childcare').minutes);
    for (const id of ['culture', 'sports']) {
      expect(minutes('urban', undefined, 'quality', id)?.minutes).toBe(service(id).urban.minutes);
      expect(minutes('rural', undefined, 'quality', id)?.meters).toBe(service(id).rural.meters);
      expect(service(id).rural.meters).toBe(service(id).rural.li * 500);
    }
    expect(minutes('urban', undefined, 'convenient', 'sports')?.minutes).toBe(service('sports').urban.minutes);
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
    ['neither minutes nor meters', (s) => (delete s.rules[1].minutes, s), 'minutes', 1, 'needs "minutes" or "meters"'],
    ['both minutes and meters', (s) => ((s.rules[0].meters = 900), s), 'meters', 0, 'not both'],
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
