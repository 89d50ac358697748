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
const INFANT = `${PLAN}, ch. 2 s. 3 and ch. 6 s. 3: 15-minute infant-care circle`;
const PARTY = `${PLAN}, ch. 3 s. 1: urban 15-minute party-mass service circle`;
const LEVELS = 'Guangzhou opinion on life-service circles (2020): quality adds rich cultural services and complete facilities to convenient';
const TEN_LI = '10 li = 5 km (1 li = 500 m), measured on the network';

export const GUANGZHOU_1530 = {
  id: 'guangzhou-1530',
  name: 'Guangzhou 1530 life-service circles',
  nameZh: '广州城乡社区“1530”生活服务圈',
  description:
    'Urban communities are judged on 15-minute walks, villages on 30 minutes. Convenient covers everyday services; ' +
    'quality adds culture, childcare, schools and social work with tighter times. Rules marked assumed are our ' +
    'reading where the plan gives no figure.',
  walkSpeedKmh: 3.6,
  minShare: 0.8,
  rules: [
    // Urban, convenient: the everyday set inside the 15-minute circle.
    { level: 'convenient', kind: 'urban', category: 'community-service', minutes: 15, source: PARTY, assumed: false },
    { level: 'convenient', kind: 'urban', category: 'health', minutes: 15, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for health; we apply the 15-minute circle.' },
    { level: 'convenient', kind: 'urban', category: 'elder-care', minutes: 15, source: ELDER, assumed: true,
      note: 'For a community without a zone we apply the upper bound of the central range.' },
    { level: 'convenient', kind: 'urban', zone: 'central', category: 'elder-care', minutes: 15, source: ELDER, assumed: false,
      note: 'Upper bound of the 10-15 minute range.' },
    { level: 'convenient', kind: 'urban', zone: 'outer', category: 'elder-care', minutes: 25, source: ELDER, assumed: false,
      note: 'Upper bound of the 20-25 minute range.' },
    { level: 'convenient', kind: 'urban', category: 'kindergarten', minutes: 15, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for kindergartens; we apply the 15-minute circle.' },
    { level: 'convenient', kind: 'urban', category: 'grocery', minutes: 15, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for food markets; we apply the 15-minute circle.' },
    { level: 'convenient', kind: 'urban', category: 'sports', minutes: 10, source: FITNESS, assumed: false },

    // Urban, quality: every category, tighter where a document gives a lower bound.
    { level: 'quality', kind: 'urban', category: 'community-service', minutes: 10, source: LEVELS, assumed: true,
      note: 'Tighter than the 15-minute party-mass circle; 10 minutes is ours.' },
    { level: 'quality', kind: 'urban', category: 'health', minutes: 15, source: CIRCLE, assumed: true,
      note: 'GB 50180-2018 puts the community health centre within about 1000 m, close to 15 minutes.' },
    { level: 'quality', kind: 'urban', category: 'elder-care', minutes: 10, source: ELDER, assumed: true,
      note: 'For a community without a zone we apply the lower bound of the central range.' },
    { level: 'quality', kind: 'urban', zone: 'central', category: 'elder-care', minutes: 10, source: ELDER, assumed: true,
      note: 'Lower bound of the 10-15 minute range: the plan gives a range, and reading its lower end as the quality level is ours.' },
    { level: 'quality', kind: 'urban', zone: 'outer', category: 'elder-care', minutes: 20, source: ELDER, assumed: true,
      note: 'Lower bound of the 20-25 minute range: the plan gives a range, and reading its lower end as the quality level is ours.' },
    { level: 'quality', kind: 'urban', category: 'childcare', minutes: 15, source: INFANT, assumed: false },
    { level: 'quality', kind: 'urban', category: 'kindergarten', minutes: 10, source: CIRCLE, assumed: true,
      note: 'GB 50180-2018 asks for 300 m; 10 minutes is our compromise for a city-wide target.' },
    { level: 'quality', kind: 'urban', category: 'primary-school', minutes: 15, source: CIRCLE, assumed: true,
      note: 'GB 50180-2018 asks for 500 m; we apply the 15-minute circle.' },
    { level: 'quality', kind: 'urban', category: 'grocery', minutes: 10, source: CIRCLE, assumed: true,
      note: 'GB 50180-2018 puts the food market within 500 m (its 10-minute level).' },
    { level: 'quality', kind: 'urban', category: 'culture', minutes: 10, source: CULTURE, assumed: false,
      note: 'Culture is a quality gate because the quality circle adds rich cultural services.' },
    { level: 'quality', kind: 'urban', category: 'sports', minutes: 10, source: FITNESS, assumed: false },
    { level: 'quality', kind: 'urban', category: 'social-work', minutes: 15, source: `${PLAN}, ch. 7 s. 3: social-work station in every street/town, service point in communities`, assumed: true,
      note: 'The plan sets coverage, not distance; we apply the 15-minute circle.' },

    // Villages, convenient: the 30-minute circle.
    { level: 'convenient', kind: 'rural', category: 'community-service', minutes: 30, source: CIRCLE, assumed: true,
      note: 'Every village has a party-mass service centre (ch. 1 s. 1); 30 minutes is the village circle.' },
    { level: 'convenient', kind: 'rural', category: 'health', minutes: 30, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for village clinics; we apply the 30-minute circle.' },
    { level: 'convenient', kind: 'rural', category: 'elder-care', minutes: 25, source: ELDER, assumed: true,
      note: 'The plan gives ranges for central and outer districts, not for villages; applying the upper bound of the outer range to villages is ours.' },
    { level: 'convenient', kind: 'rural', category: 'grocery', minutes: 30, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for markets; we apply the 30-minute circle.' },
    { level: 'convenient', kind: 'rural', category: 'sports', meters: 5000, source: FITNESS, assumed: false, note: TEN_LI },

    // Villages, quality.
    { level: 'quality', kind: 'rural', category: 'community-service', minutes: 15, source: LEVELS, assumed: true,
      note: 'The village service centre within a 15-minute walk; 15 is ours.' },
    { level: 'quality', kind: 'rural', category: 'health', minutes: 30, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for village clinics; we apply the 30-minute circle.' },
    { level: 'quality', kind: 'rural', category: 'elder-care', minutes: 20, source: ELDER, assumed: true,
      note: 'The plan gives ranges for central and outer districts, not for villages; applying the lower bound of the outer range to villages is ours.' },
    { level: 'quality', kind: 'rural', category: 'childcare', minutes: 30, source: INFANT, assumed: true,
      note: 'The 15-minute infant-care circle is read as urban; villages get the 30-minute circle.' },
    { level: 'quality', kind: 'rural', category: 'kindergarten', minutes: 30, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for kindergartens; we apply the 30-minute circle.' },
    { level: 'quality', kind: 'rural', category: 'primary-school', minutes: 30, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for schools; we apply the 30-minute circle.' },
    { level: 'quality', kind: 'rural', category: 'grocery', minutes: 30, source: CIRCLE, assumed: true,
      note: 'The plan sets no distance for markets; we apply the 30-minute circle.' },
    { level: 'quality', kind: 'rural', category: 'culture', meters: 5000, source: CULTURE, assumed: false, note: TEN_LI },
    { level: 'quality', kind: 'rural', category: 'sports', meters: 5000, source: FITNESS, assumed: false, note: TEN_LI },
    { level: 'quality', kind: 'rural', category: 'social-work', minutes: 30, source: `${PLAN}, ch. 7 s. 3: social-work station in every street/town, service point in communities`, assumed: true,
      note: 'The plan sets coverage, not distance; we apply the 30-minute circle.' },
  ],
  targets: {
    convenient: { urban: 0.9, rural: 0.5 },
    quality: { urban: 0.5, rural: 0.1 },
  },
  quotas: {
    childcarePlacesPer1000Residents: { value: 5.8, source: `${PLAN}, ch. 2 s. 3 and ch. 6 s. 3`, assumed: false },
    elderCareCentresPerStreet: { value: 1, source: `${PLAN}, ch. 5 s. 1 (4): a Yikang centre in every street/town`, assumed: false },
    elderCareStationsPerCommunity: { value: 1, source: `${PLAN}, ch. 5 s. 1 (4): a Yikang station in every community/village`, assumed: false },
    serviceFloorM2Per100Households: { value: 32, source: `${PLAN}, ch. 6 s. 1`, assumed: false },
    workersPer10000Residents: { value: 18, source: `${PLAN}, ch. 2 s. 3 and ch. 8 s. 1`, assumed: false,
      note: 'The plan also staffs about one worker per 300 households.' },
  },
};

const GB = 'GB 50180-2018 Appendix C service radius';
const GB_NOTE = 'Radius as reported in our standards survey (section 1.3); check it against the official text.';

export const GB50180_2018 = {
  id: 'gb50180-2018',
  name: 'GB 50180-2018 residential-area service radii',
  nameZh: 'GB 50180-2018 城市居住区规划设计标准 服务半径',
  description:
    'The national standard for urban residential areas. Convenient: the facilities its 15- and 10-minute ' +
    'residential areas require, within their radii. Quality: adds the 5-minute facilities within 300-500 m. ' +
    'It covers urban communities only; distances are on the walking network.',
  walkSpeedKmh: 3.6,
  minShare: 0.8,
  rules: [
    { level: 'convenient', kind: 'urban', category: 'community-service', meters: 1000, source: `${GB}: street-level community service centre`, assumed: false, note: GB_NOTE },
    { level: 'convenient', kind: 'urban', category: 'health', meters: 1000, source: `${GB}: community health service centre`, assumed: false, note: GB_NOTE },
    { level: 'convenient', kind: 'urban', category: 'primary-school', meters: 500, source: `${GB}: primary school`, assumed: false, note: GB_NOTE },
    { level: 'convenient', kind: 'urban', category: 'culture', meters: 1000, source: `${GB}: cultural activity centre`, assumed: false, note: GB_NOTE },
    { level: 'convenient', kind: 'urban', category: 'sports', meters: 500, source: `${GB}: medium multi-use sports ground (10-minute level)`, assumed: false, note: GB_NOTE },
    { level: 'convenient', kind: 'urban', category: 'grocery', meters: 500, source: `${GB}: food market or fresh-food supermarket`, assumed: false, note: GB_NOTE },
    { level: 'quality', kind: 'urban', category: 'community-service', meters: 300, source: `${GB}: community service station`, assumed: false, note: GB_NOTE },
    { level: 'quality', kind: 'urban', category: 'elder-care', meters: 300, source: `${GB}: day-care centre for older people`, assumed: false, note: GB_NOTE },
    { level: 'quality', kind: 'urban', category: 'kindergarten', meters: 300, source: `${GB}: kindergarten`, assumed: false, note: GB_NOTE },
    { level: 'quality', kind: 'urban', category: 'culture', meters: 500, source: `${GB}: cultural activity station`, assumed: false, note: GB_NOTE },
    { level: 'quality', kind: 'urban', category: 'sports', meters: 300, source: `${GB}: small sports ground and outdoor fitness ground`, assumed: false, note: GB_NOTE },
  ],
};

/** Built-ins in listing order; the first is the default. */
export const BUILTIN_STANDARDS: readonly unknown[] = [GUANGZHOU_1530, GB50180_2018];
export const DEFAULT_STANDARD_ID = 'guangzhou-1530';
