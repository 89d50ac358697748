/**
 * The built-in standards, as plain data. `data/standards/<id>.json` holds the same objects for users
 * to read and copy; tests/standards.test.ts fails if the two ever differ. They live here as TypeScript
 * (not a JSON import) so the core stays browser-safe and `tsc` with rootDir `src` keeps working
 * without import attributes, which Node 20 before 20.10 cannot parse.
 */

const PLAN = 'Guangzhou community service plan 2021-2025';
const CIRCLE = `${PLAN}, ch. 2 s. 3 and ch. 6 s. 1: 15-minute urban / 30-minute village life-service circle`;
const ELDER = `${PLAN}, ch. 5 s. 1 (4): elder-care network 10-15 min in central districts, 20-25 min in outer districts`;
const CULTURE = `${PLAN}, ch. 5 s. 1 (7): urban 10-minute and rural 10-li culture circle`;
const FITNESS = `${PLAN}, ch. 5 s. 1 (7): urban 10-minute and rural 10-li fitness circle`;
const INFANT = `${PLAN}, ch. 2 s. 3 and ch. 6 s. 3: 15-minute infant-care circle (15分钟婴幼儿照护服务圈)`;
const PARTY = `${PLAN}, ch. 3 s. 1: urban 15-minute party-mass service circle`;
const PARTY_EVERY = `${PLAN}, ch. 2 s. 3: a party-mass service centre in every community (党群服务中心全覆盖)`;
const STATION_EVERY = `${PLAN}, ch. 5 s. 1 (4): a Yikang station in every community and village (颐康服务站村居覆盖率100%)`;
const CENTRE_EVERY = `${PLAN}, ch. 5 s. 1 (4): a Yikang centre in every street and town (颐康中心街镇覆盖率100%)`;
const SOCIAL_EVERY = `${PLAN}, ch. 7 s. 3: a social-work station in every street and town (镇(街)社会工作服务站(点)100%覆盖)`;
const KANGYUAN_EVERY = `${PLAN}, ch. 5 s. 1 (3): a disability service centre or Kangyuan centre in every street and town (镇(街)残疾人综合服务中心或社区康园中心全覆盖)`;
const CULTURE_EVERY = `${PLAN}, ch. 5 s. 1 (7): a comprehensive cultural service centre in every community (城乡社区综合性文化服务中心全覆盖)`;
const CHILDREN_HOMES = `${PLAN}, ch. 1 s. 1: 2,712 children's homes (儿童之家) in 2020, about one per community and village; the plan sets no figure`;
const OPINION = 'Guangzhou opinion on life-service circles (穗社建〔2020〕4号)';
const CONVENIENT_LEVEL = `${OPINION}: 便民 = 生活便利、社区服务设施较完善 (convenient, facilities fairly complete). Which services belong to it is our reading: the Opinion's item lists were not retrieved`;
const EVERYDAY_LEVEL = `Guangzhou 一刻钟便民生活圈 guidance (一店一早、一菜一修、一老一小) and ${PLAN}, ch. 6 s. 3 (家政、维修 and other 便民利民服务网点): everyday services of the convenient circle; putting them at this level is our reading`;
const QUALITY_LEVEL = `${OPINION}: 优质 adds 精神文化服务丰富、社区服务设施齐备 (rich cultural services, complete facilities) in the same circle. Which services belong to it is our reading`;
const CULTURE_LEVEL = `${OPINION}: 优质 = 精神文化服务丰富 (rich cultural services)`;
const TEN_LI = '10 li = 5 km (1 li = 500 m), measured on the network';
const SAME_CIRCLE = 'Quality asks for more services in the same circle, never a shorter walk for the same service.';

type Kind = 'urban' | 'rural';
type Test = { minutes: number } | { meters: number } | { within: 'community' | 'street' };
type Extra = { zone?: 'central' | 'outer'; types?: string[]; assumed?: boolean; note?: string; levelSource?: string; levelAssumed?: boolean };
const rule = (level: string, kind: Kind, category: string, test: Test, source: string, extra: Extra = {}) => {
  const { zone, types, assumed, note, levelSource, levelAssumed } = extra;
  return {
    level, kind, ...(zone ? { zone } : {}), category, ...(types ? { types } : {}), ...test, source, assumed: assumed ?? false,
    ...(levelSource ? { levelSource } : {}), ...(levelAssumed !== undefined ? { levelAssumed } : {}), ...(note ? { note } : {}),
  };
};
const convenient = (kind: Kind, category: string, test: Test, source: string, extra: Extra = {}) =>
  rule('convenient', kind, category, test, source, { levelSource: CONVENIENT_LEVEL, levelAssumed: true, ...extra });
const quality = (kind: Kind, category: string, test: Test, source: string, extra: Extra = {}) =>
  rule('quality', kind, category, test, source, { levelSource: QUALITY_LEVEL, levelAssumed: true, ...extra });
const circle = (kind: Kind) => ({ minutes: kind === 'urban' ? 15 : 30 });
const inCommunity = { within: 'community' } as const;
const inStreet = { within: 'street' } as const;
const HEALTH_TYPES = ['centre', 'station', 'village-clinic'];
const NETWORK_TYPES = ['centre', 'station', 'canteen'];

const everyday = (kind: Kind, category: string, what: string) =>
  convenient(kind, category, circle(kind), CIRCLE, {
    assumed: true, levelSource: EVERYDAY_LEVEL, note: `The plan sets no distance for ${what}; we apply the ${circle(kind).minutes}-minute circle.`,
  });

const GUANGZHOU_RULES = [
  // Convenient (便民): everyday services and the basic public network, within the 15/30-minute circle.
  ...(['urban', 'rural'] as const).flatMap((kind) => [
    convenient(kind, 'community-service', inCommunity, PARTY_EVERY, { types: ['community'],
      note: 'Community-level centres only (党群服务中心, 社区服务站, 居委会/村委会); street offices do not count.' }),
    kind === 'urban'
      ? convenient(kind, 'community-service', { minutes: 15 }, PARTY, { types: ['community'] })
      : convenient(kind, 'community-service', { minutes: 30 }, CIRCLE, { types: ['community'], assumed: true,
        note: 'The plan sets no distance for village service centres; we apply the 30-minute circle.' }),
    convenient(kind, 'health', circle(kind), CIRCLE, { types: HEALTH_TYPES, assumed: true,
      note: `Community health centres and stations, township health centres and village clinics (the plan's 卫生服务中心, 村卫生室, 卫生院), not hospitals or private clinics; the plan sets no distance, we apply the ${circle(kind).minutes}-minute circle.` }),
    convenient(kind, 'elder-care', { minutes: kind === 'urban' ? 15 : 25 }, ELDER, { types: NETWORK_TYPES, assumed: true,
      note: kind === 'urban'
        ? 'For a community with neither zone nor district we apply the upper bound of the central range (and warn).'
        : 'For a village with neither zone nor district we apply the upper bound of the outer range (and warn).' }),
    convenient(kind, 'elder-care', { minutes: 15 }, ELDER, { zone: 'central', types: NETWORK_TYPES, assumed: kind === 'rural',
      note: kind === 'urban' ? 'Upper bound of the 10-15 minute range: the requirement.' : 'Upper bound of the central range; applying the district\'s range to its villages is ours.' }),
    convenient(kind, 'elder-care', { minutes: 25 }, ELDER, { zone: 'outer', types: NETWORK_TYPES, assumed: kind === 'rural',
      note: kind === 'urban' ? 'Upper bound of the 20-25 minute range: the requirement.' : 'Upper bound of the outer range; applying the district\'s range to its villages is ours.' }),
    everyday(kind, 'grocery', 'food markets (一菜)'),
    everyday(kind, 'convenience-store', 'convenience stores and breakfast (一店一早)'),
    everyday(kind, 'repair-housekeeping', 'repair and housekeeping (一修; 家政、维修)'),
    everyday(kind, 'express-delivery', 'express delivery points'),
    kind === 'urban'
      ? convenient(kind, 'sports', { minutes: 10 }, FITNESS, { note: 'The plan\'s own sub-circle inside the 15-minute circle.' })
      : convenient(kind, 'sports', { meters: 5000 }, FITNESS, { note: TEN_LI }),
  ]),
  convenient('urban', 'kindergarten', { minutes: 15 }, CIRCLE, { assumed: true,
    note: 'The plan sets no distance for kindergartens; we apply the 15-minute circle (一小).' }),

  // Quality (优质): the same circle with rich cultural services and the complete facility set.
  ...(['urban', 'rural'] as const).flatMap((kind) => [
    kind === 'urban'
      ? quality(kind, 'culture', { minutes: 10 }, CULTURE, { levelSource: CULTURE_LEVEL, levelAssumed: false })
      : quality(kind, 'culture', { meters: 5000 }, CULTURE, { levelSource: CULTURE_LEVEL, levelAssumed: false, note: TEN_LI }),
    quality(kind, 'culture', inCommunity, CULTURE_EVERY, { levelSource: CULTURE_LEVEL, levelAssumed: false }),
    quality(kind, 'childcare', { minutes: 15 }, INFANT, {
      note: kind === 'rural' ? 'The plan\'s infant-care circle is 15 minutes for villages too.' : undefined }),
    quality(kind, 'primary-school', circle(kind), CIRCLE, { assumed: true,
      note: `Education is outside the civil-affairs plan; we apply the ${circle(kind).minutes}-minute circle.` }),
    quality(kind, 'elder-care', inCommunity, STATION_EVERY, { types: ['station'] }),
    quality(kind, 'elder-care', inStreet, CENTRE_EVERY, { types: ['centre'] }),
    quality(kind, 'social-work', inStreet, SOCIAL_EVERY, {
      note: 'Presence in the street, not a walk: the plan sets coverage, not distance.' }),
    quality(kind, 'children-home', inCommunity, CHILDREN_HOMES, { assumed: true,
      note: 'One per community or village is our reading of the 2020 count.' }),
    quality(kind, 'kangyuan', inStreet, KANGYUAN_EVERY),
  ]),
  quality('rural', 'kindergarten', { minutes: 30 }, CIRCLE, { assumed: true,
    note: 'The plan sets no distance for kindergartens; we apply the 30-minute circle.' }),
];

const DISTRICT_ZONES = {
  越秀区: 'central', 海珠区: 'central', 荔湾区: 'central', 天河区: 'central', 白云区: 'central', 黄埔区: 'central',
  番禺区: 'outer', 花都区: 'outer', 南沙区: 'outer', 从化区: 'outer', 增城区: 'outer',
};

const WALK_SPEED = {
  value: 3.6,
  source: 'GB 50180-2018 pairs 300 m with 5 minutes and 800-1000 m with 15 minutes (about 3.2-4.0 km/h); standards survey s. 4.1',
  assumed: true,
  note: 'The plan states minutes, not a pace: 60 m/min is our reading of the national radii. See the sensitivity table (3.0 and 4.5 km/h).',
};
const MIN_SHARE = {
  value: 0.8,
  source: 'ours (standards survey s. 6: coverageRule); no document says what share of residents a circle must cover',
  assumed: true,
  note: 'See the sensitivity table (0.7 and 0.9).',
};

const GUANGZHOU_LEVELS = [
  { id: 'convenient', nameZh: '便民生活服务圈', name: 'Convenient life-service circle', requiresBelow: false, source: OPINION,
    description: '生活便利的、社区服务设施较完善的: everyday services and the basic public network within the urban 15 / village 30-minute circle.' },
  { id: 'quality', nameZh: '优质生活服务圈', name: 'Quality life-service circle', requiresBelow: true, source: OPINION,
    description: `生活便利、精神文化服务丰富、社区服务设施齐备的: the convenient circle plus culture, childcare, schools and the complete facility set, in the same circle. ${SAME_CIRCLE}` },
];

const TARGETS = { convenient: { urban: 0.9, rural: 0.5 }, quality: { urban: 0.5, rural: 0.1 } };

const QUOTAS = {
  childcarePlacesPer1000Residents: { value: 5.8, source: `${PLAN}, ch. 2 s. 3 and ch. 6 s. 3`, assumed: false, strive: true,
    note: '力争: the plan strives for 5.8 places by 2025.' },
  elderCareCentresPerStreet: { value: 1, source: CENTRE_EVERY, assumed: false },
  elderCareStationsPerCommunity: { value: 1, source: STATION_EVERY, assumed: false },
  serviceFloorM2Per100Households: { value: 32, source: `${PLAN}, ch. 6 s. 1`, assumed: false },
  workersPer10000Residents: { value: 18, source: `${PLAN}, ch. 2 s. 3 and ch. 8 s. 1`, assumed: false,
    note: 'The plan counts urban residents (每万城镇常住人口) and also staffs about one worker per 300 households.' },
};

const ind = (id: string, clause: string, nameZh: string, name: string, targetText: string, measure: Record<string, unknown>, target?: number, strive?: boolean) =>
  ({ id, clause, nameZh, name, targetText, ...(target !== undefined ? { target } : {}), ...(strive ? { strive } : {}), measure });
const INDICATORS = [
  ind('convenient-urban', 'ch. 2 s. 3; ch. 6 s. 1', '城市社区建成便民生活服务圈', 'Urban communities with the convenient circle', '≥ 90%', { type: 'attainment', level: 'convenient', kind: 'urban' }, 0.9),
  ind('convenient-rural', 'ch. 2 s. 3; ch. 6 s. 1', '村建成便民生活服务圈', 'Villages with the convenient circle', '≥ 50%', { type: 'attainment', level: 'convenient', kind: 'rural' }, 0.5),
  ind('quality-urban', 'ch. 2 s. 3; ch. 6 s. 1', '城市社区建成优质生活服务圈', 'Urban communities with the quality circle', '≥ 50%', { type: 'attainment', level: 'quality', kind: 'urban' }, 0.5),
  ind('quality-rural', 'ch. 2 s. 3; ch. 6 s. 1', '村建成优质生活服务圈', 'Villages with the quality circle', '≥ 10%', { type: 'attainment', level: 'quality', kind: 'rural' }, 0.1),
  ind('party-centres', 'ch. 2 s. 3', '社区党群服务中心全覆盖', 'A party-mass service centre in every community', '100% of communities', { type: 'presence', category: 'community-service', types: ['community'], within: 'community' }, 1),
  ind('health-to-standard', 'ch. 2 s. 3', '镇卫生院、村卫生室、社区卫生服务中心数量100%达标', 'Township health centres, village clinics and community health centres up to standard', '100%', { type: 'none', why: 'a count against the health authority\'s standard, not a location' }, 1),
  ind('infant-circle', 'ch. 2 s. 3; ch. 6 s. 3', '15分钟婴幼儿照护服务圈初步形成', '15-minute infant-care circle taking shape', 'taking shape (no figure)', { type: 'rule', category: 'childcare', kind: 'urban' }),
  ind('childcare-places', 'ch. 2 s. 3; ch. 6 s. 3', '每千常住人口3岁以下婴幼儿托位数', 'Childcare places (under 3) per 1,000 residents', '力争 5.8 (strive for)', { type: 'quota', quota: 'childcarePlacesPer1000Residents' }, 5.8, true),
  ind('workers', 'ch. 2 s. 3; ch. 8 s. 1', '每万城镇常住人口拥有社区工作者', 'Community workers per 10,000 urban residents', '≥ 18', { type: 'quota', quota: 'workersPer10000Residents' }, 18),
  ind('service-floor', 'ch. 6 s. 1', '每百户社区综合服务设施面积', 'Community service floor area per 100 households', '32 m²', { type: 'quota', quota: 'serviceFloorM2Per100Households' }, 32),
  ind('nursing-beds', 'ch. 5 s. 1 (4)', '养老机构护理型床位占比', 'Nursing beds among elder-care institution beds', '≥ 75%', { type: 'data', form: 'ratio', per: 'street', numerator: 'nursing_beds', denominator: 'care_beds' }, 0.75),
  ind('yikang-centres', 'ch. 5 s. 1 (4)', '街镇综合养老服务中心(颐康中心)街镇覆盖率', 'Streets and towns with a Yikang centre', '100%', { type: 'presence', category: 'elder-care', types: ['centre'], within: 'street' }, 1),
  ind('yikang-stations', 'ch. 5 s. 1 (4)', '颐康服务站村居覆盖率', 'Communities and villages with a Yikang station', '100%', { type: 'presence', category: 'elder-care', types: ['station'], within: 'community' }, 1),
  ind('elder-facilities-to-standard', 'ch. 5 s. 1 (4)', '社区养老服务设施配建达标率', 'Community elder-care facilities built to standard', '100%', { type: 'none', why: 'a building standard, not a location' }, 1),
  ind('culture-urban', 'ch. 5 s. 1 (7)', '城市“10分钟文化圈”', 'Urban 10-minute culture circle', 'built (no share given)', { type: 'rule', category: 'culture', kind: 'urban' }),
  ind('culture-rural', 'ch. 5 s. 1 (7)', '农村“10里文化圈”', 'Rural 10-li culture circle', 'built (no share given)', { type: 'rule', category: 'culture', kind: 'rural' }),
  ind('fitness-urban', 'ch. 5 s. 1 (7)', '城市“10分钟健身圈”', 'Urban 10-minute fitness circle', 'built (no share given)', { type: 'rule', category: 'sports', kind: 'urban' }),
  ind('fitness-rural', 'ch. 5 s. 1 (7)', '农村“10里健身圈”', 'Rural 10-li fitness circle', 'built (no share given)', { type: 'rule', category: 'sports', kind: 'rural' }),
  ind('culture-centres', 'ch. 5 s. 1 (7)', '城乡社区综合性文化服务中心全覆盖', 'A comprehensive cultural service centre in every community', '100% of communities', { type: 'presence', category: 'culture', within: 'community' }, 1),
  ind('sports-new-areas', 'ch. 5 s. 1 (7)', '新建居住区和社区体育设施覆盖率', 'Sports facilities in new residential areas', '100%', { type: 'none', why: 'needs the list of new residential areas' }, 1),
  ind('sports-open', 'ch. 5 s. 1 (7)', '公共体育场地设施开放率', 'Public sports venues open to the public', '≥ 90%', { type: 'none', why: 'opening hours, not locations' }, 0.9),
  ind('social-work-stations', 'ch. 7 s. 3', '镇(街)社会工作服务站(点)覆盖', 'Streets and towns with a social-work station', '100%', { type: 'presence', category: 'social-work', within: 'street' }, 1),
  ind('kangyuan', 'ch. 5 s. 1 (3)', '镇(街)残疾人综合服务中心或社区康园中心全覆盖', 'Streets and towns with a Kangyuan or disability service centre', '100%', { type: 'presence', category: 'kangyuan', within: 'street' }, 1),
  ind('minors-stations', 'ch. 5 s. 1 (3)', '镇(街)未成年人保护工作站', 'Streets and towns with a minors\' protection station', '100% (推动建立)', { type: 'data', form: 'share-yes', per: 'street', field: 'minors_station' }, 1),
  ind('volunteers', 'ch. 7 s. 1', '注册志愿者占常住人口比例', 'Registered volunteers among residents', '力争 ≥ 20%', { type: 'data', form: 'ratio', per: 'community', numerator: 'volunteers', denominator: 'population' }, 0.2, true),
  ind('volunteer-stations', 'ch. 7 s. 1', '志愿服务站点在社区综合服务设施中覆盖', 'Community service facilities with a volunteer station', '力争 100%', { type: 'data', form: 'share-yes', per: 'community', field: 'volunteer_station' }, 1, true),
  ind('foundations-urban', 'ch. 7 s. 2', '城市社区基金(会)服务覆盖率', 'Urban communities served by a community foundation', '力争 ≥ 60%', { type: 'data', form: 'share-yes', per: 'community', field: 'community_foundation', kind: 'urban' }, 0.6, true),
  ind('foundations-rural', 'ch. 7 s. 2', '农村社区基金(会)服务覆盖率', 'Villages served by a community foundation', '力争 ≥ 30%', { type: 'data', form: 'share-yes', per: 'community', field: 'community_foundation', kind: 'rural' }, 0.3, true),
  ind('online-stations', 'ch. 2 s. 3; ch. 6 s. 2', '“社区随约服务网上驿站”推广社区数', 'Communities with an online service station', '≥ 100 communities', { type: 'data', form: 'count-yes', per: 'community', field: 'online_station' }, 100),
  ind('demonstration', 'ch. 6 s. 1', '城乡社区治理现代化示范点', 'Demonstration communities for modern governance', '30', { type: 'none', why: 'a designation, not a location' }, 30),
];

export const GUANGZHOU_1530 = {
  id: 'guangzhou-1530',
  name: 'Guangzhou 1530 life-service circles',
  nameZh: '广州城乡社区“1530”生活服务圈',
  description:
    'Urban communities are judged on the 15-minute circle, villages on the 30-minute circle. Convenient (便民) asks for ' +
    'everyday services and the basic public network in it; quality (优质) asks for more services in the same circle: ' +
    'culture, childcare, schools and the complete facility set (a Yikang station in every community, a Yikang centre, ' +
    'a social-work station and a Kangyuan centre in every street). The plan\'s own sub-circles stay: elder care 15 ' +
    'minutes central / 25 outer, urban 10-minute culture and fitness, rural 10 li. Rules marked assumed are our ' +
    'reading where the plan gives no figure.',
  walkSpeedKmh: WALK_SPEED,
  minShare: MIN_SHARE,
  levels: GUANGZHOU_LEVELS,
  districtZones: DISTRICT_ZONES,
  districtZonesSource: {
    source: 'Common usage of 中心六区 (standards survey, districtGroups); the plan does not list its central and outer districts',
    assumed: true,
    note: 'Override it in your own standard file if your reading of 中心城区 differs (番禺 is sometimes counted central).',
  },
  rules: GUANGZHOU_RULES,
  targets: TARGETS,
  quotas: QUOTAS,
  indicators: INDICATORS,
};

const STRICT_NOTE = 'The strict reading: the lower bound of a range, or 10 minutes, as the quality level. Not the plan\'s: it gives both levels one circle.';
export const GUANGZHOU_1530_STRICT = {
  ...GUANGZHOU_1530,
  id: 'guangzhou-1530-strict',
  name: 'Guangzhou 1530, strict reading (quality = shorter walks)',
  nameZh: '广州“1530”生活服务圈（从严解读）',
  description: 'guangzhou-1530 plus tighter quality times for services the convenient circle already has (the reading ' +
    'before issue 11). Opt in to compare; the default reads the plan as more services in the same circle.',
  rules: [
    ...GUANGZHOU_RULES,
    ...[
      quality('urban', 'community-service', { minutes: 10 }, PARTY, { types: ['community'] }),
      quality('urban', 'elder-care', { minutes: 10 }, ELDER, { types: NETWORK_TYPES }),
      quality('urban', 'elder-care', { minutes: 10 }, ELDER, { types: NETWORK_TYPES, zone: 'central' }),
      quality('urban', 'elder-care', { minutes: 20 }, ELDER, { types: NETWORK_TYPES, zone: 'outer' }),
      quality('urban', 'kindergarten', { minutes: 10 }, CIRCLE),
      quality('urban', 'grocery', { minutes: 10 }, CIRCLE),
      quality('rural', 'community-service', { minutes: 15 }, CIRCLE, { types: ['community'] }),
      quality('rural', 'elder-care', { minutes: 20 }, ELDER, { types: NETWORK_TYPES }),
    ].map((r) => ({ ...r, assumed: true, note: STRICT_NOTE })),
  ],
};

const GB = 'GB 50180-2018';
const GB_C = `${GB} Appendix C service radius`;
const DOC_M = 'DOC-M: as our standards survey recalls Appendix B/C (s. 1.2-1.3); not checked against the official text';
const gb = (level: string, category: string, test: Test, what: string, extra: Extra & { verification?: string } = {}) => {
  const { verification, ...rest } = extra;
  return { ...rule(level, 'urban', category, test, 'meters' in test ? `${GB_C}: ${what}` : `${GB} Appendix B: ${what}`, rest), verification: verification ?? DOC_M };
};

export const GB50180_2018 = {
  id: 'gb50180-2018',
  name: 'GB 50180-2018 residential-area tiers',
  nameZh: 'GB 50180-2018 城市居住区规划设计标准 配套设施分级',
  description:
    'The national standard for urban residential areas: four tiers, each its own level, and a residential area ' +
    'complies only when it meets every tier (the tiers are not inclusive: a 15-minute facility does not stand in ' +
    'for a 5-minute one). Rules are the ▲ (required) facilities the categories can tell apart; ▲ items without a ' +
    'category here (shopping centre, restaurants, bank, post office, bus stop, waste points) are not scored. ' +
    'Distances are on the walking network. Urban communities only.',
  walkSpeedKmh: { value: 3.6, source: `${GB} pairs 300 m with 5 minutes`, assumed: true, note: 'Rules here are in metres; the pace only sets median minutes.' },
  minShare: MIN_SHARE,
  levels: [
    { id: '15-minute', nameZh: '十五分钟生活圈居住区', name: '15-minute tier', requiresBelow: false, source: `${GB} 2.0.2, Table B.0.1`,
      description: '800-1000 m; 50,000-100,000 residents.' },
    { id: '10-minute', nameZh: '十分钟生活圈居住区', name: '10-minute tier', requiresBelow: false, source: `${GB} 2.0.3, Table B.0.1`,
      description: 'About 500 m; 15,000-25,000 residents.' },
    { id: '5-minute', nameZh: '五分钟生活圈居住区', name: '5-minute tier', requiresBelow: false, source: `${GB} 2.0.4, Table B.0.2`,
      description: 'About 300 m; 5,000-12,000 residents.' },
    { id: 'block', nameZh: '居住街坊', name: 'Residential block', requiresBelow: false, source: `${GB} 2.0.5, Table B.0.3`,
      description: '1,000-3,000 residents; 便民服务设施. Tested as presence in the community, which is larger than a block.' },
  ],
  rules: [
    gb('15-minute', 'middle-school', { meters: 1000 }, '初中 junior middle school ▲'),
    gb('15-minute', 'sports', { meters: 1000 }, '大型多功能运动场地 large multi-use sports ground ▲',
      { note: 'Sports facilities are not typed by size: any sports facility counts.' }),
    gb('15-minute', 'health', { meters: 1000 }, '卫生服务中心（社区医院） community health centre ▲', { types: ['centre'] }),
    gb('15-minute', 'culture', { meters: 1000 }, '文化活动中心 cultural activity centre ▲'),
    gb('15-minute', 'community-service', { meters: 1000 }, '社区服务中心（街道级） street-level community service centre ▲', { types: ['street'] }),
    gb('15-minute', 'elder-care', { within: 'street' }, '养老院、老年养护院 care home and nursing home ▲ (no radius in Appendix C)',
      { types: ['home'], assumed: true, note: 'A 15-minute residential area is about a street: we ask for one in the community\'s street.' }),
    gb('10-minute', 'primary-school', { meters: 500 }, '小学 primary school ▲'),
    gb('10-minute', 'sports', { meters: 500 }, '中型多功能运动场地 medium multi-use sports ground ▲',
      { note: 'Sports facilities are not typed by size: any sports facility counts.' }),
    gb('10-minute', 'grocery', { meters: 500 }, '菜市场或生鲜超市 food market or fresh-food supermarket ▲'),
    gb('5-minute', 'community-service', { meters: 300 }, '社区服务站 community service station ▲', { types: ['community'] }),
    gb('5-minute', 'culture', { meters: 500 }, '文化活动站 cultural activity station ▲'),
    gb('5-minute', 'sports', { meters: 300 }, '小型多功能运动场地、室外综合健身场地 small sports ground and outdoor fitness ground ▲'),
    gb('5-minute', 'kindergarten', { meters: 300 }, '幼儿园 kindergarten ▲'),
    gb('5-minute', 'elder-care', { meters: 300 }, '老年人日间照料中心（托老所） day-care centre for older people ▲', { types: ['station'] }),
    gb('5-minute', 'childcare', { meters: 300 }, '托儿所 nursery',
      { verification: 'Unsettled: our survey (Table B.0.2, DOC-M) marks it △ (as needed); the review in issue 11 lists it among the ▲ items. The 300 m radius is DOC-M.' }),
    gb('5-minute', 'convenience-store', { meters: 300 }, '社区商业网点（超市、药店、洗衣店、美发店等） community shops ▲ (no radius in Appendix C)',
      { assumed: true, note: 'The 5-minute tier\'s 300 m.' }),
    gb('block', 'convenience-store', { within: 'community' }, '便利店（菜店、日杂等） convenience store ▲',
      { assumed: true, note: 'Presence in the community stands in for the block, which the data do not draw.' }),
    gb('block', 'express-delivery', { within: 'community' }, '邮件和快件送达设施 mail and parcel delivery point ▲',
      { assumed: true, note: 'Presence in the community stands in for the block, which the data do not draw.' }),
  ],
};

/** Built-ins in listing order; the first is the default. */
export const BUILTIN_STANDARDS: readonly unknown[] = [GUANGZHOU_1530, GUANGZHOU_1530_STRICT, GB50180_2018];
export const DEFAULT_STANDARD_ID = 'guangzhou-1530';
