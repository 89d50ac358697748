/**
 * The default category map, as plain data. `data/categories.json` holds the same object for users to
 * read, copy and extend; tests/category-map.test.ts fails if the two differ (same reason as builtin.ts).
 *
 * How a facility is matched (see category-map.ts): among the rules that match, the one with the longest
 * matched name keyword wins, rules without keywords counting as length 0; ties go to the earlier rule.
 * So Chinese names, which say what a facility is, beat generic tags, and "宠物医院" (a `null` rule:
 * not a service we score) beats "医院".
 */

const SPORTS_LEISURE = ['sports_centre', 'sports_hall', 'pitch', 'fitness_centre', 'fitness_station'];

export const DEFAULT_CATEGORY_MAP = {
  nameFields: ['name', 'name:zh', 'name:zh-Hans', 'name:zh-Hant', 'official_name', '名称'],
  amapTypeFields: ['type', 'amap_type'],
  typecodeFields: ['typecode'],
  rules: [
    // Not services we score, though their names contain a keyword that is.
    { category: null, name: ['宠物医院', '动物医院', '宠物诊所', '兽医', '医疗美容', '美容医院'], note: 'animal and cosmetic clinics' },
    { category: null, name: ['养老保险', '养老金'], note: 'pension offices' },
    { category: null, name: ['健身器材'], note: 'shops selling fitness equipment' },
    { category: null, name: ['培训', '辅导班'], note: 'tutoring and training businesses named after schools' },
    { category: null, name: ['市场监督', '市场监管'], note: 'market regulators, whose names can contain 街市' },
    { category: null, name: ['邮政储蓄', '邮储银行'], note: 'the postal savings bank, not a post office' },
    { category: null, name: ['高级中学'], note: 'senior high schools (高中): not the junior middle school GB 50180 asks for' },
    { category: null, tags: { leisure: [...SPORTS_LEISURE, 'swimming_pool'], access: ['private', 'no'] },
      note: 'private courts and pools (most of the 827 pools in the Monaco extract are in gardens)' },

    // Community service: the party-mass service centre is the Guangzhou community's service hub. The type
    // tells community-level centres (the plan's 党群服务中心 in every community) from street and district offices.
    { category: 'community-service', type: 'community', name: ['党群服务中心', '党群服务站', '社区综合服务中心', '社区服务中心', '社区服务站',
      '居委会', '居民委员会', '村委会', '村民委员会', '便民服务站'] },
    { category: 'community-service', type: 'street', name: ['街道党群服务中心', '镇党群服务中心', '街党群服务中心', '便民服务中心', '政务服务中心',
      '街道办事处', '镇人民政府', '街道综合服务中心'],
    note: 'street- and town-level offices: the longer keyword beats 党群服务中心' },
    { category: 'community-service', type: 'street', tags: { amenity: 'townhall' },
      note: 'street offices and town halls are where residents get administrative services, at street level' },
    { category: 'community-service', type: 'community', amapType: ['商务住宅;住宅区;社区中心'], note: 'Amap type seen in real API samples (standards survey section 5)' },

    // Health; the type tells the plan's primary care (community health centres and stations, township health
    // centres, village clinics) from hospitals and private clinics, which the guangzhou-1530 rules leave out.
    { category: 'health', type: 'centre', name: ['社区卫生服务中心', '卫生服务中心', '社区医院', '社康中心', '卫生院'] },
    { category: 'health', type: 'station', name: ['社区卫生服务站', '卫生服务站', '卫生站', '社康站'] },
    { category: 'health', type: 'village-clinic', name: ['村卫生室', '卫生室', '卫生所'] },
    { category: 'health', type: 'clinic', name: ['门诊部', '诊所', '医务室'] },
    { category: 'health', type: 'hospital', name: ['医院'] },
    { category: 'health', type: 'clinic', tags: { amenity: ['clinic', 'doctors'] } },
    { category: 'health', type: 'hospital', tags: { amenity: 'hospital' } },
    { category: 'health', type: 'clinic', tags: { healthcare: ['centre', 'clinic', 'doctor'] } },
    { category: 'health', type: 'hospital', tags: { healthcare: 'hospital' } },
    { category: 'health', type: 'centre', amapType: ['医疗保健服务;综合医院;卫生院'],
      note: 'community health centres and township health centres are typed 综合医院;卫生院 in real Amap samples' },
    { category: 'health', type: 'hospital', amapType: ['医疗保健服务;综合医院'] },
    { category: 'health', type: 'clinic', amapType: ['医疗保健服务;诊所'] },

    // Elder care; the type tells Yikang centres (one per street) from stations (one per community).
    { category: 'elder-care', type: 'centre', name: ['颐康中心', '综合养老服务中心', '居家养老服务中心', '长者综合服务中心'] },
    { category: 'elder-care', type: 'station', name: ['颐康服务站', '颐康站', '长者服务站', '星光老年之家', '幸福院', '日间照料', '托老所'] },
    { category: 'elder-care', type: 'canteen', name: ['长者饭堂', '长者食堂', '老年食堂', '长者助餐', '助餐点'] },
    { category: 'elder-care', type: 'home', name: ['养老院', '敬老院', '护养院', '颐养院', '护理院', '老人院', '老年公寓'] },
    { category: 'elder-care', name: ['养老'] },
    { category: 'elder-care', type: 'station', tags: { social_facility: 'day_care', 'social_facility:for': ['senior', 'seniors', 'elderly'] } },
    { category: 'elder-care', type: 'home', tags: { social_facility: ['nursing_home', 'assisted_living'] },
      note: 'nursing homes are for older people unless social_facility:for says otherwise' },
    { category: 'elder-care', type: 'home', tags: { amenity: 'nursing_home' } },
    { category: 'elder-care', tags: { 'social_facility:for': ['senior', 'seniors', 'elderly'] } },

    // Children: under-3 care, then kindergartens (3-6), then primary schools.
    { category: 'childcare', name: ['托育', '托儿所', '婴幼儿照护'] },
    { category: 'childcare', tags: { amenity: 'childcare' } },
    { category: 'kindergarten', name: ['幼儿园', '幼稚园'] },
    { category: 'kindergarten', tags: { amenity: 'kindergarten' } },
    { category: 'childcare', tags: { amenity: 'kindergarten', nursery: 'yes' },
      note: 'a kindergarten that also takes under-3s: kindergarten first, childcare as a further category' },
    { category: 'kindergarten', tags: { amenity: 'school', 'isced:level': '0' } },
    { category: 'kindergarten', tags: { amenity: 'school', 'school:FR': 'maternelle' } },
    { category: 'kindergarten', tags: { amenity: 'school' }, name: ['école maternelle'] },
    { category: 'kindergarten', amapType: ['科教文化服务;学校;幼儿园'], note: 'Amap type from the standards survey (a hint, not seen in samples)' },
    { category: 'primary-school', name: ['小学', '九年一贯制'] },
    { category: 'primary-school', tags: { amenity: 'school', 'isced:level': '1' } },
    { category: 'primary-school', tags: { amenity: 'school', school: 'primary' } },
    { category: 'primary-school', tags: { amenity: 'school', 'school:FR': ['primaire', 'élémentaire'] } },
    { category: 'primary-school', tags: { amenity: 'school' }, name: ['école primaire', 'école élémentaire', 'école'],
      note: 'in French usage a plain "école" is a primary-level school; secondary ones are collège or lycée' },
    { category: 'primary-school', amapType: ['科教文化服务;学校;小学'], note: 'Amap type from the standards survey (a hint, not seen in samples)' },

    // Culture: OSM community centres host the events and group activities of a cultural activity station.
    { category: 'culture', name: ['综合性文化服务中心', '综合文化服务中心', '综合文化站', '文化活动中心', '文化活动站', '文化站', '文化室',
      '文化馆', '图书馆', '农家书屋', '青少年宫', '少年宫', '老年活动中心'] },
    { category: 'culture', tags: { amenity: ['community_centre', 'arts_centre', 'library'] } },

    // Sports and fitness.
    { category: 'sports', name: ['社区体育公园', '体育公园', '全民健身中心', '文体广场', '健身广场', '健身路径', '健身中心', '健身房', '健身',
      '体育中心', '体育馆', '体育场', '运动场', '篮球场', '足球场', '羽毛球馆', '游泳馆'] },
    { category: 'sports', tags: { leisure: SPORTS_LEISURE } },
    { category: 'sports', amapType: ['体育休闲服务;运动场馆'], note: 'Amap type from the standards survey (a hint, not seen in samples)' },

    // Fresh food: GB 50180 asks for a food market or a fresh-food supermarket.
    { category: 'grocery', name: ['肉菜市场', '农贸市场', '集贸市场', '菜市场', '菜场', '街市', '墟市', '生鲜超市', '生鲜', '钱大妈'] },
    { category: 'grocery', tags: { shop: ['supermarket', 'greengrocer'] } },
    { category: 'grocery', tags: { amenity: 'marketplace' } },
    { category: 'grocery', amapType: ['购物服务;综合市场;菜市场'], note: 'Amap type seen in real API samples (standards survey section 5)' },
    { category: 'grocery', amapType: ['购物服务;超级市场'], note: 'Amap type from the standards survey (a hint, not seen in samples)' },

    // Junior middle schools (GB 50180's 15-minute tier).
    { category: 'middle-school', name: ['初级中学', '初中', '中学', '完全中学'] },
    { category: 'middle-school', tags: { amenity: 'school', 'isced:level': '2' } },
    { category: 'middle-school', tags: { amenity: 'school', 'school:FR': 'collège' } },
    { category: 'middle-school', tags: { amenity: 'school' }, name: ['collège'], note: 'the French junior secondary school' },
    { category: 'middle-school', amapType: ['科教文化服务;学校;中学'], note: 'Amap type from the standards survey (a hint, not seen in samples)' },

    // Everyday services of the 一刻钟便民生活圈 (一店一早、一修): convenience stores and breakfast, repair and housekeeping.
    { category: 'convenience-store', type: 'store', name: ['便利店', '便利超市', '便民超市', '士多', '小卖部', '美宜佳', '喜士多', '天福便利', '7-eleven', '全家便利'] },
    { category: 'convenience-store', type: 'store', tags: { shop: 'convenience' } },
    { category: 'convenience-store', type: 'store', amapType: ['购物服务;便民商店/便利店'], note: 'Amap type from the standards survey' },
    { category: 'convenience-store', type: 'store', typecode: ['0602'], note: 'Amap typecode 0602xx: 便民商店/便利店' },
    { category: 'convenience-store', type: 'breakfast', name: ['早餐', '早点', '肠粉', '包子铺', '粥铺', '豆浆'] },
    { category: 'repair-housekeeping', type: 'repair', name: ['维修', '修理', '修鞋', '配钥匙', '配匙', '补衣', '改衣'] },
    { category: 'repair-housekeeping', type: 'repair', tags: { craft: ['shoemaker', 'key_cutter', 'tailor'] } },
    { category: 'repair-housekeeping', type: 'repair', tags: { shop: ['repair', 'electronics_repair', 'mobile_phone_repair', 'computer_repair'] } },
    { category: 'repair-housekeeping', type: 'repair', amapType: ['生活服务;维修站点'], note: 'Amap type from the standards survey' },
    { category: 'repair-housekeeping', type: 'housekeeping', name: ['家政', '保洁', '月嫂', '钟点工'] },
    { category: 'express-delivery', type: 'station', name: ['菜鸟驿站', '快递驿站', '妈妈驿站', '兔喜', '快递', '快件', '速递'] },
    { category: 'express-delivery', type: 'locker', name: ['丰巢', '快递柜', '智能快件箱'] },
    { category: 'express-delivery', type: 'locker', tags: { amenity: 'parcel_locker' } },
    { category: 'express-delivery', type: 'post-office', name: ['邮政所', '邮政支局', '邮政局', '邮局', '邮政营业'] },
    { category: 'express-delivery', type: 'post-office', tags: { amenity: 'post_office' } },
    { category: 'express-delivery', type: 'station', amapType: ['生活服务;物流速递'], note: 'Amap type from the standards survey' },
    { category: 'express-delivery', type: 'post-office', amapType: ['生活服务;邮局'], note: 'Amap type from the standards survey' },

    // Children's homes (儿童之家) and Kangyuan centres (康园中心, day care and rehabilitation for people with disabilities).
    { category: 'children-home', name: ['儿童之家', '妇女儿童之家', '儿童服务站'] },
    { category: 'kangyuan', name: ['康园中心', '康园工疗站', '康园', '残疾人综合服务中心', '工疗站'] },

    // Social work.
    { category: 'social-work', name: ['社会工作服务站', '社会工作服务中心', '社工服务站', '社工服务点', '社工站', '家庭综合服务中心'] },
    { category: 'social-work', tags: { amenity: 'social_facility', social_facility: 'outreach' } },
  ],
};
