import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { readCategoryMap } from '../src/intake/read-category-map.js';
import { BASE_CATEGORY_IDS } from '../src/standards/categories.js';
import {
  categorize,
  categorizeAll,
  classify,
  defaultCategoryMap,
  loadCategoryMap,
  withCategories,
  type CategoryMap,
} from '../src/standards/category-map.js';
import { DEFAULT_CATEGORY_MAP } from '../src/standards/default-category-map.js';

const repo = new URL('../', import.meta.url);

describe('default category map', () => {
  it('matches data/categories.json exactly', () => {
    // If this fails, src/standards/default-category-map.ts and the JSON file drifted: edit both.
    expect(JSON.parse(readFileSync(new URL('data/categories.json', repo), 'utf8'))).toEqual(DEFAULT_CATEGORY_MAP);
  });

  it('loads, knows the ten built-in categories, and every non-null rule maps into them', () => {
    const map = defaultCategoryMap();
    expect(map.categories).toEqual([...BASE_CATEGORY_IDS]);
    for (const r of map.rules) if (r.category !== null) expect(BASE_CATEGORY_IDS).toContain(r.category);
    expect(new Set(map.rules.map((r) => r.category).filter((c) => c !== null))).toEqual(new Set(BASE_CATEGORY_IDS));
  });

  it('is frozen, so no caller can change it for the others', () => {
    expect(Object.isFrozen(defaultCategoryMap().rules)).toBe(true);
  });
});

describe('categorize: hand examples', () => {
  type Case = [props: Record<string, unknown> | null, category: string | undefined, extra?: { type?: string; also?: string[] }];
  const cases: Case[] = [
    // The facility's own category wins, trimmed and lower-cased.
    [{ category: 'health', amenity: 'school' }, 'health'],
    [{ category: ' Elder-Care ' }, 'elder-care'],
    [{ category: 'helth', amenity: 'clinic' }, 'health'],
    [{ category: 'pharmacy' }, undefined],
    [null, undefined],
    [{}, undefined],
    // OSM tags.
    [{ amenity: 'clinic' }, 'health'],
    [{ amenity: 'doctors' }, 'health'],
    [{ amenity: 'hospital', name: 'Centre Hospitalier' }, 'health'],
    [{ healthcare: 'centre' }, 'health'],
    [{ amenity: 'pharmacy' }, undefined],
    [{ amenity: 'social_facility', social_facility: 'nursing_home' }, 'elder-care', { type: 'home' }],
    [{ amenity: 'social_facility', social_facility: 'day_care', 'social_facility:for': 'senior' }, 'elder-care', { type: 'station' }],
    [{ amenity: 'social_facility', social_facility: 'group_home', 'social_facility:for': 'senior' }, 'elder-care'],
    [{ amenity: 'social_facility', social_facility: 'outreach' }, 'social-work'],
    [{ amenity: 'childcare' }, 'childcare'],
    [{ amenity: 'kindergarten' }, 'kindergarten', { also: [] }],
    [{ amenity: 'kindergarten', nursery: 'yes' }, 'kindergarten', { also: ['childcare'] }],
    [{ amenity: 'school', 'isced:level': '1;2' }, 'primary-school'],
    [{ amenity: 'school', 'isced:level': '2;3' }, 'middle-school'],
    [{ amenity: 'school', 'isced:level': '0' }, 'kindergarten'],
    [{ amenity: 'school' }, undefined],
    [{ amenity: 'school', name: 'École maternelle Les Pins' }, 'kindergarten'],
    [{ amenity: 'school', name: 'ÉCOLE PRIMAIRE Pagnol' }, 'primary-school'],
    [{ amenity: 'school', name: 'Collège Charles III' }, 'middle-school'],
    [{ name: 'École de danse' }, undefined],
    [{ leisure: 'pitch', sport: 'tennis' }, 'sports'],
    [{ leisure: 'pitch', access: 'private' }, undefined],
    [{ leisure: 'swimming_pool' }, undefined],
    [{ leisure: 'fitness_station' }, 'sports'],
    [{ amenity: 'community_centre' }, 'culture'],
    [{ amenity: 'library' }, 'culture'],
    [{ shop: 'supermarket' }, 'grocery'],
    [{ shop: 'convenience' }, 'convenience-store'],
    [{ shop: 'convenience;greengrocer' }, 'grocery'],
    [{ amenity: 'marketplace' }, 'grocery'],
    [{ amenity: 'townhall' }, 'community-service'],
    [{ office: 'government' }, undefined],
    // Chinese names.
    [{ name: '石牌街颐康中心' }, 'elder-care', { type: 'centre' }],
    [{ name: '龙口西社区颐康服务站' }, 'elder-care', { type: 'station' }],
    [{ name: '华康长者饭堂' }, 'elder-care', { type: 'canteen' }],
    [{ name: '天河区老人院' }, 'elder-care', { type: 'home' }],
    [{ name: '广州市第一养老院' }, 'elder-care', { type: 'home' }],
    [{ name: '某某养老服务有限公司' }, 'elder-care', { type: undefined }],
    [{ name: '爱心托育中心' }, 'childcare'],
    [{ name: '天河第一幼儿园' }, 'kindergarten'],
    [{ name: '华阳小学' }, 'primary-school'],
    [{ name: '华阳小学英语培训' }, undefined],
    [{ name: '石牌街社区卫生服务中心' }, 'health'],
    [{ name: '龙洞村卫生室' }, 'health'],
    [{ name: '太平镇卫生院' }, 'health'],
    [{ name: '猎德社区党群服务中心' }, 'community-service'],
    [{ name: '冼村居委会' }, 'community-service'],
    [{ name: '新塘镇综合文化站' }, 'culture'],
    [{ name: '天河区图书馆' }, 'culture'],
    [{ name: '二沙岛社区体育公园' }, 'sports'],
    [{ name: '华景健身路径' }, 'sports'],
    [{ name: '健身器材专卖店' }, undefined],
    [{ name: '东园菜市场' }, 'grocery'],
    [{ name: '太和农贸市场' }, 'grocery'],
    [{ name: '东山街市' }, 'grocery'],
    [{ name: '西华路街市场监管所' }, undefined],
    [{ name: '石牌街社工站' }, 'social-work'],
    [{ name: '华侨宠物医院' }, undefined],
    [{ name: '养老保险服务中心' }, undefined],
    [{ 'name:zh': '天河第一幼儿园', name: 'Tianhe No. 1 Kindergarten' }, 'kindergarten'],
    [{ name: 'ＸＸ幼儿园' }, 'kindergarten'],
    // A name says more than a generic tag; the tag's category stays as a further one.
    [{ amenity: 'community_centre', name: '华康长者饭堂' }, 'elder-care', { type: 'canteen', also: ['culture'] }],
    [{ name: '猎德社区党群服务中心颐康服务站' }, 'community-service', { also: ['elder-care'] }],
    // Amap type strings.
    [{ name: '某某', type: '医疗保健服务;综合医院;卫生院' }, 'health'],
    [{ name: '某某', type: '医疗保健服务;医药保健销售店;药房' }, undefined],
    [{ name: '某某', type: '购物服务;综合市场;菜市场' }, 'grocery'],
    [{ name: '某某', type: '商务住宅;住宅区;社区中心' }, 'community-service'],
    [{ type: 'multipolygon', amenity: 'library' }, 'culture'],
  ];

  it.each(cases)('%j -> %s', (props, category, extra) => {
    expect(categorize(props)).toBe(category);
    const c = classify(props);
    expect(c?.category).toBe(category);
    if (extra && 'type' in extra) expect(c?.type).toBe(extra.type);
    if (extra?.also) expect(c?.also).toEqual(extra.also);
  });

  it('an own category takes its type from facility_type, else from a matching rule of that category', () => {
    expect(classify({ category: 'elder-care', name: '石牌街颐康中心' })).toEqual({ category: 'elder-care', also: [], by: 'property', type: 'centre' });
    expect(classify({ category: 'elder-care', name: '石牌街颐康中心', facility_type: 'station' })?.type).toBe('station');
    expect(classify({ category: 'health', name: '石牌街颐康中心' })?.type).toBeUndefined();
  });

  it('an own category\'s type is the best of its typed rules, as a map of only those rules classifies it', () => {
    // Facilities made from every rule's own matchers, alone and two by two, so that rules compete.
    const map = defaultCategoryMap();
    const single = map.rules.map((r) => ({
      ...Object.fromEntries(Object.entries(r.tags ?? {}).map(([k, v]) => [k, v[0] === '*' ? 'yes' : v[v.length - 1]])),
      ...(r.name ? { name: `某${r.name[r.name.length - 1]}` } : {}),
      ...(r.amapType ? { type: `${r.amapType[0]};其他` } : {}),
      ...(r.typecode ? { typecode: `${r.typecode[0]}00` } : {}),
    }));
    const pairs = single.flatMap((a, i) => single.slice(i + 1, i + 8).map((b) => ({ ...b, ...a, name: `${String(a.name ?? '')}${String(b.name ?? '')}` })));
    let typed = 0;
    for (const category of BASE_CATEGORY_IDS) {
      const only: CategoryMap = { ...map, rules: map.rules.filter((r) => r.category === category && r.type !== undefined) };
      for (const props of [...single, ...pairs]) {
        const expected = classify(props, only)?.type;
        expect(classify({ ...props, category }, map)?.type, `${category} ${JSON.stringify(props)}`).toBe(expected);
        if (expected !== undefined) typed++;
      }
    }
    expect(typed).toBeGreaterThan(50);
  });

  it('withCategories lets a standard\'s own categories through', () => {
    const map = withCategories(defaultCategoryMap(), ['pharmacy']);
    expect(categorize({ category: 'pharmacy' }, map)).toBe('pharmacy');
    expect(categorize({ category: 'pharmacy' })).toBeUndefined();
  });
});

describe('rule order and keyword length', () => {
  it('the longest matched keyword wins wherever its rule sits; equal lengths go to the earlier rule', () => {
    const map = loadCategoryMap({
      rules: [
        { category: 'health', name: ['服务中心'] },
        { category: 'elder-care', name: ['养老服务中心'] },
        { category: 'culture', tags: { amenity: 'community_centre' } },
        { category: 'sports', tags: { amenity: 'community_centre' } },
        { category: 'grocery', name: ['市场'] },
        { category: 'social-work', name: ['社工'] },
      ],
    });
    expect(classify({ name: 'XX养老服务中心' }, map)).toMatchObject({ category: 'elder-care', rule: 1, also: [] });
    expect(classify({ amenity: 'community_centre' }, map)).toMatchObject({ category: 'culture', rule: 2, also: ['sports'] });
    expect(classify({ name: '社工市场' }, map)).toMatchObject({ category: 'grocery', rule: 4, also: ['social-work'] });
  });

  it('a null rule that wins leaves the facility unmatched', () => {
    const map = loadCategoryMap({ rules: [{ category: 'health', name: ['医院'] }, { category: null, name: ['宠物医院'] }] });
    expect(categorize({ name: '宠物医院' }, map)).toBeUndefined();
    expect(categorize({ name: '人民医院' }, map)).toBe('health');
  });

  it('all matchers of a rule must match; typecodes match by prefix and "|" separates several', () => {
    const map = loadCategoryMap({
      rules: [
        { category: 'primary-school', tags: { amenity: 'school' }, name: ['primary'] },
        { category: 'health', typecode: ['0901'] },
        { category: 'sports', tags: { leisure: '*' } },
      ],
    });
    expect(categorize({ amenity: 'school', name: 'Hill Primary' }, map)).toBe('primary-school');
    expect(categorize({ name: 'Hill Primary' }, map)).toBeUndefined();
    expect(categorize({ typecode: '060100|090102' }, map)).toBe('health');
    expect(categorize({ typecode: '090' }, map)).toBeUndefined();
    expect(categorize({ leisure: 'anything' }, map)).toBe('sports');
  });
});

describe('loading category maps', () => {
  it('extend puts the user\'s rules first (they win ties) and keeps the defaults', () => {
    const map = loadCategoryMap(
      { rules: [{ category: 'pharmacy', tags: { amenity: 'pharmacy' } }, { category: 'culture', tags: { amenity: 'townhall' } }] },
      { extend: true },
    );
    expect(map.categories).toEqual([...BASE_CATEGORY_IDS, 'pharmacy']);
    expect(categorize({ amenity: 'pharmacy' }, map)).toBe('pharmacy');
    expect(categorize({ amenity: 'townhall' }, map)).toBe('culture');
    expect(categorize({ amenity: 'clinic' }, map)).toBe('health');
    expect(categorize({ category: 'pharmacy' }, map)).toBe('pharmacy');
  });

  it('without extend the user\'s map replaces the default', () => {
    const map = loadCategoryMap({ rules: [{ category: 'pharmacy', tags: { amenity: 'pharmacy' } }] });
    expect(categorize({ amenity: 'clinic' }, map)).toBeUndefined();
    expect(categorize({ amenity: 'pharmacy' }, map)).toBe('pharmacy');
  });

  type Bad = [what: string, spec: unknown, field: string | undefined, feature: number | undefined, fragment: string];
  const bad: Bad[] = [
    ['not an object', 'rules', undefined, undefined, 'must be a JSON object'],
    ['no rules', {}, 'rules', undefined, 'needs a "rules" array'],
    ['unknown field', { rules: [], rule: [] }, 'rule', undefined, 'unknown field "rule"'],
    ['rule without category', { rules: [{ tags: { amenity: 'x' } }] }, 'rules[0].category', 0, 'needs a "category"'],
    ['bad category id', { rules: [{ category: 'Elder Care', name: ['x'] }] }, 'rules[0].category', 0, 'lower-case words'],
    ['rule without matcher', { rules: [{ category: 'health', note: 'x' }] }, 'rules[0]', 0, 'at least one of tags, name'],
    ['unknown rule field', { rules: [{ category: 'health', names: ['x'] }] }, 'rules[0].names', 0, 'unknown field "names"'],
    ['empty tags', { rules: [{ category: 'health', tags: {} }] }, 'rules[0].tags', 0, 'tag: value'],
    ['tag value not text', { rules: [{ category: 'health', tags: { amenity: [1] } }] }, 'rules[0].tags.amenity', 0, 'non-empty strings'],
    ['name not a list of text', { rules: [{ category: 'health', name: [''] }] }, 'rules[0].name', 0, 'non-empty strings'],
    ['empty name list', { rules: [{ category: 'health', name: [] }] }, 'rules[0].name', 0, 'at least one value'],
    ['typecode not digits', { rules: [{ category: 'health', typecode: ['09xx'] }] }, 'rules[0].typecode', 0, '2 to 6 digits'],
    ['bad declared category', { categories: ['Pharmacy'], rules: [] }, 'categories[0]', undefined, 'lower-case words'],
  ];
  it.each(bad)('rejects: %s', (_what, spec, field, feature, fragment) => {
    let err: unknown;
    try {
      loadCategoryMap(spec, { file: 'my-map.json' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: 'my-map.json', field, feature });
    expect((err as Error).message).toContain(fragment);
  });

  it('readCategoryMap reads a file and names it in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-map-'));
    const good = join(dir, 'map.json');
    writeFileSync(good, JSON.stringify({ rules: [{ category: 'pharmacy', tags: { amenity: 'pharmacy' } }] }));
    expect(categorize({ amenity: 'clinic' }, await readCategoryMap(good, { extend: true }))).toBe('health');
    expect(categorize({ amenity: 'clinic' }, await readCategoryMap(good))).toBeUndefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ category: 'health' }] }));
    await expect(readCategoryMap(bad)).rejects.toMatchObject({ file: bad, feature: 0 });
  });
});

const monacoPois = new URL('../../shared/data/monaco/monaco-pois.geojson', import.meta.url);

describe.skipIf(!existsSync(monacoPois))('Monaco OSM POIs', () => {
  // A skipped suite's body still runs to collect its tests: read only when the data is there.
  const fc = existsSync(monacoPois)
    ? JSON.parse(readFileSync(monacoPois, 'utf8')) as { features: { properties: Record<string, string> | null }[] }
    : { features: [] };
  const result = categorizeAll(fc.features);
  const props = fc.features.map((f) => f.properties ?? {});

  it('counts agree with a per-feature tally, and unmatched are exactly the undefined ones', () => {
    const tally: Record<string, number> = {};
    props.forEach((p) => {
      const c = categorize(p);
      if (c) tally[c] = (tally[c] ?? 0) + 1;
    });
    expect(Object.fromEntries(Object.entries(result.counts).filter(([, n]) => n > 0))).toEqual(tally);
    expect(result.unmatched).toEqual(result.categories.flatMap((c, i) => (c === undefined ? [i] : [])));
    expect(result.unknownCategory).toEqual([]);
  });

  it('each tag family lands where an independent reading of the tags says', () => {
    // No Chinese names here, so the tags alone decide; recount them straight from the data.
    const count = (pred: (p: Record<string, string>) => boolean) => props.filter(pred).length;
    const open = (p: Record<string, string>) => p.access !== 'private' && p.access !== 'no';
    expect(result.counts.grocery).toBe(count((p) => ['supermarket', 'greengrocer'].includes(p.shop) || p.amenity === 'marketplace'));
    expect(result.counts.health).toBe(count((p) => ['clinic', 'doctors', 'hospital'].includes(p.amenity)));
    expect(result.counts.sports).toBe(count((p) => ['sports_centre', 'sports_hall', 'pitch', 'fitness_centre', 'fitness_station'].includes(p.leisure) && open(p)));
    expect(result.counts.culture).toBe(count((p) => ['community_centre', 'arts_centre', 'library'].includes(p.amenity)));
    expect(result.counts['community-service']).toBe(count((p) => p.amenity === 'townhall'));
    const schools = props.filter((p) => p.amenity === 'school' || p.amenity === 'kindergarten');
    const schooled = schools.map((p) => categorize(p));
    // Collèges are junior middle schools (GB 50180's 初中); lycées stay unmatched; maternelles are kindergartens; the rest are primary.
    schools.forEach((p, i) => {
      const level = p['school:FR'];
      if (level === 'lycée' || /lyc[eé]e|section/i.test(p.name ?? '')) expect(schooled[i]).toBeUndefined();
      else if (level === 'collège' || /coll[eè]ge/i.test(p.name ?? '')) expect(schooled[i]).toBe('middle-school');
      else if (level === 'maternelle' || p.amenity === 'kindergarten') expect(schooled[i]).toBe('kindergarten');
      else expect(schooled[i]).toBe('primary-school');
    });
  });

  it('matches the service POIs and leaves private pools, parking and restaurants out', () => {
    const matched = result.categories.filter((c) => c !== undefined).length;
    const share = matched / props.length;
    // Measured: 171 of 1,938 features (8.8%); most of the rest are private pools, parking and restaurants.
    expect(matched).toBeGreaterThanOrEqual(150);
    expect(share).toBeLessThan(0.2);
    props.forEach((p, i) => {
      if (p.leisure === 'swimming_pool' || p.amenity === 'parking' || p.amenity === 'restaurant') expect(result.categories[i]).toBeUndefined();
    });
  });
});
