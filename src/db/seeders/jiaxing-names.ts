/**
 * Names for the Jiaxing demo: the real federation (嘉兴市总工会), its seven county-level
 * unions and their towns and streets, a few real enterprises, parks and buildings from
 * the articles in `seeds/`, and word lists from which generate.ts synthesises the rest
 * (villages, communities, firms, site and activity titles).
 *
 * No string here may contain an ASCII question mark or a backslash: MikroORM inlines
 * parameters and knex then numbers every `?` it sees.
 */

export const CITY = {
  name: '嘉兴市总工会',
  label: '嘉兴市',
  region: '浙江省嘉兴市',
  latitude: 30.7522,
  longitude: 120.7555,
  memberCount: 160,
};

export interface CountyName {
  /** 平湖市 */
  label: string;
  /** 平湖 */
  short: string;
  latitude: number;
  longitude: number;
  /** Spread of its towns around the centre, in degrees. */
  spread: number;
  /** Real towns (镇) and streets (街道). */
  towns: readonly string[];
}

export const COUNTIES: readonly CountyName[] = [
  {
    label: '南湖区',
    short: '南湖',
    latitude: 30.7475,
    longitude: 120.7836,
    spread: 0.07,
    towns: ['建设街道', '解放街道', '新嘉街道', '南湖街道', '新兴街道', '城南街道', '东栅街道', '长水街道', '七星街道', '大桥镇', '凤桥镇', '余新镇', '新丰镇'],
  },
  {
    label: '秀洲区',
    short: '秀洲',
    latitude: 30.7636,
    longitude: 120.7090,
    spread: 0.07,
    towns: ['新城街道', '嘉北街道', '塘汇街道', '高照街道', '王江泾镇', '油车港镇', '新塍镇', '王店镇', '洪合镇'],
  },
  {
    label: '嘉善县',
    short: '嘉善',
    latitude: 30.8302,
    longitude: 120.9262,
    spread: 0.08,
    towns: ['罗星街道', '魏塘街道', '惠民街道', '大云镇', '西塘镇', '干窑镇', '陶庄镇', '姚庄镇', '天凝镇'],
  },
  {
    label: '海盐县',
    short: '海盐',
    latitude: 30.5260,
    longitude: 120.9460,
    spread: 0.08,
    towns: ['武原街道', '西塘桥街道', '秦山街道', '望海街道', '沈荡镇', '百步镇', '于城镇', '澉浦镇', '通元镇'],
  },
  {
    label: '海宁市',
    short: '海宁',
    latitude: 30.5097,
    longitude: 120.6808,
    spread: 0.09,
    towns: ['硖石街道', '海洲街道', '海昌街道', '马桥街道', '许村镇', '长安镇', '周王庙镇', '盐官镇', '斜桥镇', '丁桥镇', '袁花镇', '黄湾镇'],
  },
  {
    label: '平湖市',
    short: '平湖',
    latitude: 30.6761,
    longitude: 121.0153,
    spread: 0.08,
    towns: ['当湖街道', '钟埭街道', '曹桥街道', '乍浦镇', '新埭镇', '新仓镇', '广陈镇', '林埭镇', '独山港镇'],
  },
  {
    label: '桐乡市',
    short: '桐乡',
    latitude: 30.6303,
    longitude: 120.5650,
    spread: 0.09,
    towns: ['梧桐街道', '凤鸣街道', '龙翔街道', '高桥街道', '濮院镇', '屠甸镇', '乌镇镇', '洲泉镇', '大麻镇', '河山镇', '石门镇', '崇福镇'],
  },
];

/** Union name of a county-level federation: 平湖市 → 平湖市总工会. */
export const countyUnionName = (label: string): string => `${label}总工会`;
/** Union name of a town or street: 大桥镇 → 大桥镇工会, 当湖街道 → 当湖街道工会. */
export const townUnionName = (label: string): string => `${label}工会`;
/** Union name of a village or community: 联丰村 → 联丰村工会. */
export const villageUnionName = (label: string): string => `${label}工会`;

/** Villages and communities known by name; the rest are synthesised. */
export const KNOWN_VILLAGES: Readonly<Record<string, readonly string[]>> = {
  当湖街道: ['虹霓社区'],
  凤桥镇: ['联丰村'],
  新丰镇: ['竹林村'],
  大云镇: ['缪家村'],
  乌镇镇: ['西栅社区'],
};

/** Syllables of synthetic town names (only when scale > 1 asks for more towns than exist). */
export const TOWN_FIRST = ['新', '丰', '凤', '永', '东', '西', '南', '北', '余', '长', '高', '天', '清', '宁', '安', '和', '金', '双', '三', '石', '白', '青', '梅', '荷', '桑', '竹', '杨', '柳', '虹', '月', '星', '秀', '瑞', '兴', '万', '太', '仁', '善', '德', '福'];
export const TOWN_SECOND = ['桥', '塘', '溪', '浦', '港', '埭', '泾', '汇', '湾', '坝', '河', '庄', '安', '丰', '兴', '宁', '山', '湖', '平', '阳', '林', '泽', '圩', '荡', '渚'];

/** Syllables of village names (…村). */
export const VILLAGE_FIRST = ['新', '永', '东', '西', '南', '北', '红', '联', '民', '光', '胜', '和', '长', '双', '大', '金', '丰', '兴', '建', '友', '星', '云', '荷', '桥', '花', '港', '湖', '塘', '泾', '桑', '梅', '竹', '秀', '合', '众', '富', '万', '园', '庄', '杨', '姚', '沈', '钱', '陆', '顾', '俞', '徐', '曹', '横', '直'];
export const VILLAGE_SECOND = ['联', '丰', '民', '星', '光', '明', '华', '新', '桥', '港', '浜', '塘', '湾', '河', '庄', '兴', '安', '利', '胜', '农', '春', '荣', '里', '溪', '漾', '墩', '园', '荡', '田', '家', '圩', '埭', '泾', '林', '桑', '湖'];

/** Syllables of community names (…社区). */
export const COMMUNITY_FIRST = ['梅', '桂', '兰', '竹', '菊', '荷', '锦', '绿', '翠', '景', '秀', '禾', '嘉', '文', '和', '瑞', '康', '怡', '春', '中', '新', '育', '紫', '金', '银', '望', '清', '明', '阳', '园', '湖', '滨', '汇', '丽', '华', '东', '南', '西', '北', '虹'];
export const COMMUNITY_SECOND = ['湾', '苑', '园', '湖', '城', '岸', '河', '溪', '悦', '庭', '江', '景', '都', '华', '馨', '府', '林', '桥', '阳', '水', '泽', '月', '塘', '里', '坊', '洲'];

/** Real enterprise, park and building unions from the articles and the local economy. */
export interface KnownGrassroots {
  county: string;
  /** Town or street it hangs under; absent means a park or the county itself. */
  town?: string;
  /** Name of a park in PARKS it belongs to. */
  park?: string;
  name: string;
  /** Short label for titles. */
  label: string;
  /** Base of its site names. */
  siteBase: string;
  kind: 'enterprise' | 'building' | 'industry';
  memberCount: number;
  /** Sites the articles mention; others get random ones. */
  sites?: readonly SiteKindName[];
}

export interface ParkName {
  county: string;
  name: string;
  label: string;
  memberCount: number;
  /** Honour given to the park's sites (the high-tech zone's 17 "繁星点位"). */
  honour?: string;
}

export const PARKS: readonly ParkName[] = [
  { county: '南湖区', name: '嘉兴科技城联合工会', label: '嘉兴科技城', memberCount: 620 },
  { county: '南湖区', name: '丰泽高新技术产业园联合工会', label: '丰泽高新园', memberCount: 540 },
  { county: '秀洲区', name: '嘉兴国家高新区联合工会', label: '嘉兴国家高新区', memberCount: 860, honour: '嘉兴市“繁星计划”繁星点位' },
  { county: '秀洲区', name: '秀洲高新技术产业开发区联合工会', label: '秀洲高新区', memberCount: 410 },
  { county: '嘉善县', name: '嘉善经济技术开发区联合工会', label: '嘉善经开区', memberCount: 700 },
  { county: '嘉善县', name: '中新嘉善现代产业合作园联合工会', label: '中新嘉善产业园', memberCount: 380 },
  { county: '海盐县', name: '海盐经济开发区联合工会', label: '海盐经开区', memberCount: 450 },
  { county: '海宁市', name: '海宁经济开发区联合工会', label: '海宁经开区', memberCount: 690 },
  { county: '海宁市', name: '海宁尖山新区联合工会', label: '尖山新区', memberCount: 360 },
  { county: '平湖市', name: '平湖经济技术开发区联合工会', label: '平湖经开区', memberCount: 720 },
  { county: '平湖市', name: '独山港经济开发区联合工会', label: '独山港经开区', memberCount: 330 },
  { county: '桐乡市', name: '桐乡经济开发区联合工会', label: '桐乡经开区', memberCount: 760 },
  { county: '桐乡市', name: '濮院针织产业园联合工会', label: '濮院针织产业园', memberCount: 520 },
];

export const KNOWN_GRASSROOTS: readonly KnownGrassroots[] = [
  { county: '嘉善县', town: '姚庄镇', name: '浙江福莱新材料股份有限公司工会', label: '福莱新材料', siteBase: '浙江福莱新材料股份有限公司', kind: 'enterprise', memberCount: 1260, sites: ['SPORTS_ROOM', 'ENERGY_STATION', 'WORKERS_HOME'] },
  { county: '南湖区', park: '嘉兴科技城联合工会', name: '浙江中润光学科技股份有限公司工会', label: '中润光学', siteBase: '浙江中润光学科技股份有限公司', kind: 'enterprise', memberCount: 930 },
  { county: '南湖区', park: '嘉兴科技城联合工会', name: '嘉兴斯达半导体股份有限公司工会', label: '斯达半导体', siteBase: '嘉兴斯达半导体股份有限公司', kind: 'enterprise', memberCount: 1100 },
  { county: '南湖区', town: '南湖街道', name: '“楼社YI家”楼宇联合工会', label: '“楼社YI家”', siteBase: '“楼社YI家”共享', kind: 'building', memberCount: 17000, sites: ['WORKERS_HOME', 'READING_ROOM', 'ENERGY_STATION'] },
  { county: '秀洲区', park: '嘉兴国家高新区联合工会', name: '浙江亚特电器股份有限公司工会', label: '亚特电器', siteBase: '浙江亚特电器股份有限公司', kind: 'enterprise', memberCount: 1500, sites: ['WORKERS_HOME', 'READING_ROOM', 'SPORTS_ROOM', 'WELLBEING_CENTER'] },
  { county: '平湖市', town: '乍浦镇', name: '浙江海港嘉兴港务有限公司工会', label: '嘉兴港务', siteBase: '浙江海港嘉兴港务有限公司', kind: 'enterprise', memberCount: 820 },
  { county: '平湖市', town: '乍浦镇', name: '浙江嘉化能源化工股份有限公司工会', label: '嘉化能源', siteBase: '浙江嘉化能源化工股份有限公司', kind: 'enterprise', memberCount: 1700 },
  { county: '平湖市', town: '曹桥街道', name: '浙江景兴纸业股份有限公司工会', label: '景兴纸业', siteBase: '浙江景兴纸业股份有限公司', kind: 'enterprise', memberCount: 1400 },
  { county: '桐乡市', park: '桐乡经济开发区联合工会', name: '中国巨石股份有限公司工会', label: '中国巨石', siteBase: '中国巨石股份有限公司', kind: 'enterprise', memberCount: 3000 },
  { county: '桐乡市', town: '洲泉镇', name: '桐昆集团股份有限公司工会', label: '桐昆集团', siteBase: '桐昆集团股份有限公司', kind: 'enterprise', memberCount: 2900 },
  { county: '桐乡市', town: '洲泉镇', name: '新凤鸣集团股份有限公司工会', label: '新凤鸣', siteBase: '新凤鸣集团股份有限公司', kind: 'enterprise', memberCount: 2600 },
  { county: '海宁市', town: '袁花镇', name: '浙江晶科能源有限公司工会', label: '晶科能源', siteBase: '浙江晶科能源有限公司', kind: 'enterprise', memberCount: 2400 },
  { county: '海宁市', town: '海洲街道', name: '海宁中国皮革城股份有限公司工会', label: '海宁皮革城', siteBase: '海宁中国皮革城股份有限公司', kind: 'enterprise', memberCount: 900 },
  { county: '嘉善县', town: '西塘镇', name: '西塘镇民宿行业联合工会', label: '西塘民宿', siteBase: '西塘镇民宿行业', kind: 'industry', memberCount: 460 },
  { county: '桐乡市', town: '乌镇镇', name: '乌镇镇民宿行业联合工会', label: '乌镇民宿', siteBase: '乌镇镇民宿行业', kind: 'industry', memberCount: 520 },
];

/** Synthetic enterprise names: {place}{core}{industry}{suffix}工会. */
export const FIRM_CORE_FIRST = ['恒', '华', '永', '博', '中', '天', '新', '金', '嘉', '瑞', '鼎', '宏', '联', '盛', '泰', '安', '顺', '达', '隆', '昌', '富', '佳', '丰', '兴', '远', '宇', '诚', '信', '汇', '德', '万', '海', '立', '合', '振', '正', '欧', '伟', '康', '森'];
export const FIRM_CORE_SECOND = ['达', '华', '盛', '泰', '源', '通', '鑫', '锦', '晟', '宏', '丰', '利', '川', '力', '创', '辉', '翔', '美', '拓', '宝', '峰', '腾', '业', '邦', '润', '凯', '越', '航', '洋', '祥', '昊', '科', '瑞', '诺', '安'];
export const FIRM_INDUSTRIES = ['纺织', '电子', '机械', '新材料', '光电', '塑业', '食品', '皮革', '服饰', '汽车零部件', '智能装备', '生物医药', '印染', '家具', '化纤', '物流', '建材', '五金', '针织', '包装', '电气', '精密制造', '新能源', '电器', '经编', '化工', '软件', '丝绸', '羊毛衫', '轴承'];
export const FIRM_SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '科技有限公司', '集团有限公司'];

/** Synthetic office towers for building unions (楼宇联合工会). */
export const TOWER_FIRST = ['汇金', '嘉禾', '东方', '南湖', '秀水', '环球', '国贸', '财富', '创意', '智慧', '万汇', '金穗', '红船', '禾城', '科创', '中央', '星耀', '云谷', '鸿运', '明珠'];
export const TOWER_SECOND = ['大厦', '广场', '中心', '金融中心', '商务楼', '大楼', '国际'];

/** Industry joint unions under a town ({town}…) and under a county ({county}…). */
export const TOWN_INDUSTRIES = ['快递行业', '物业服务行业', '餐饮行业', '家政服务行业', '货运司机行业', '小微企业', '商贸市场', '建筑行业'];
export const COUNTY_INDUSTRIES = ['新就业形态劳动者', '外卖配送行业', '网约车行业', '快递物流行业'];

/** Road names for addresses and outdoor stations. */
export const ROAD_FIRST = ['中山', '解放', '新华', '人民', '建设', '文昌', '南湖', '东升', '禾兴', '环城', '广场', '胜利', '长水', '洪兴', '工业', '创业', '兴业', '振兴', '科技', '世纪', '康和', '富民', '迎宾', '城北', '城南', '秀水', '梅湾', '嘉杭', '湘家荡', '凌公塘'];
export const ROAD_SECOND = ['路', '路', '路', '大道', '街', '东路', '西路', '南路', '北路'];
export const VILLAGE_LANDMARKS = ['文化礼堂', '党群服务中心', '村委会二楼', '居民活动中心', '邻里中心', '文体广场旁'];
export const PARK_LANDMARKS = ['综合服务中心', '人才公寓一楼', '员工食堂二楼', '园区服务大楼'];

/** Surnames and given names of workers (common in Zhejiang first). */
export const SURNAMES = ['沈', '徐', '王', '张', '陈', '李', '朱', '金', '钱', '陆', '顾', '姚', '俞', '吴', '周', '杨', '刘', '黄', '孙', '胡', '郑', '汪', '许', '蒋', '褚', '费', '屠', '戴', '潘', '曹', '范', '马', '何', '高', '林', '冯', '邵', '倪', '严', '叶', '丁', '方', '任', '宋', '唐', '袁', '夏', '谢', '钟', '赵', '韩', '魏', '吕', '程', '施', '卢', '龚', '盛', '莫', '温'];
export const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '建国', '晓燕', '海燕', '丽华', '春梅', '志强', '文杰', '佳怡', '子涵', '浩然', '雨萱', '欣怡', '宇航', '俊杰', '思远', '梓涵', '晨曦', '嘉怡', '雅琴', '红梅', '国强', '建军', '卫东', '小龙', '晓东', '丹', '婷', '颖', '琳', '斌', '鹏', '辉', '飞', '浩', '宇', '晨', '博', '凯', '昊', '鑫', '倩', '雪', '慧', '莉', '萍', '燕', '玲', '瑶', '蕾', '佳', '欣', '悦', '琪', '怡', '璐', '晶', '蓉', '薇', '振华', '美琴', '金凤', '国平', '明辉', '雪芳', '卫国', '永明'];
/** Mobile prefixes of the three carriers. */
export const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

// ---------------------------------------------------------------- sites

export type SiteKindName =
  | 'CULTURAL_PALACE'
  | 'WORKERS_HOME'
  | 'READING_ROOM'
  | 'OUTDOOR_STATION'
  | 'SPORTS_ROOM'
  | 'ENERGY_STATION'
  | 'WELLBEING_CENTER'
  | 'SERVICE_CENTER';

/** Site names: `{base}` is the union's name without 工会, `{road}` a road, `{county}` its county. */
export const SITE_NAME_PATTERNS: Readonly<Record<SiteKindName, readonly string[]>> = {
  CULTURAL_PALACE: ['{base}工人文化宫'],
  WORKERS_HOME: ['{base}职工之家', '{base}职工之家', '{base}职工文化家园', '{base}共享职工之家'],
  READING_ROOM: ['{base}职工书屋', '{base}职工书屋', '{base}职工书屋', '{base}“悦读”职工书屋'],
  OUTDOOR_STATION: ['{base}{road}工会驿站', '{base}{road}户外劳动者服务站', '{base}爱心驿站', '{base}“暖心”驿站'],
  SPORTS_ROOM: ['{base}职工文体室', '{base}职工文体室', '{base}职工健身中心', '{base}职工全民健身中心'],
  ENERGY_STATION: ['{base}美好生活能量站'],
  WELLBEING_CENTER: ['{base}职工心理幸福体验馆', '{base}职工心灵驿站'],
  SERVICE_CENTER: ['{base}职工服务中心', '{base}职工服务中心', '{base}职工服务综合体'],
};

export const SITE_FACILITIES: Readonly<Record<SiteKindName, readonly string[]>> = {
  CULTURAL_PALACE: ['剧场', '展厅', '羽毛球馆', '篮球场', '台球室', '乒乓球室', '健身房', '职工书屋', '舞蹈室', '培训教室', '心理咨询室', '录音棚', '书画室'],
  WORKERS_HOME: ['活动室', '阅览角', '乒乓球桌', '健身器材', '母婴室', '心理咨询室', '会议室', '茶水间', '按摩椅', '棋牌室', '台球桌'],
  READING_ROOM: ['纸质图书', '电子阅读器', '阅览座位', '借阅系统', '期刊架', '自习区', '无线网络', '亲子阅读区'],
  OUTDOOR_STATION: ['饮水机', '微波炉', '冰箱', '空调', '卫生间', '无线网络', '充电插座', '电视', '医药箱', '远程问诊机', '图书角', '休息座椅'],
  SPORTS_ROOM: ['乒乓球', '台球', '羽毛球', '篮球', '健身器材', '瑜伽室', '跑步机', '动感单车', '气排球', '八段锦教室'],
  ENERGY_STATION: ['多功能教室', '瑜伽室', '书画室', '直播间', '烘焙教室', '音乐室', '线上课程', '插花室'],
  WELLBEING_CENTER: ['心理测评系统', '沙盘室', '宣泄室', '放松椅', '团体辅导室', '咨询室', '音乐放松室'],
  SERVICE_CENTER: ['法律援助窗口', '困难帮扶窗口', '培训教室', '职工健身房', '会议室', '母婴室', '就业服务窗口', '职工议事厅'],
};

export const OPENING_HOURS: Readonly<Record<SiteKindName, readonly string[]>> = {
  CULTURAL_PALACE: ['周一至周日 08:30-21:00', '周二至周日 09:00-21:00'],
  WORKERS_HOME: ['周一至周五 11:30-13:30，17:00-21:00', '周一至周日 08:00-21:00', '工作日 17:00-21:00，周末 09:00-17:00'],
  READING_ROOM: ['周一至周五 12:00-13:30，17:30-20:30；周末 09:00-17:00', '周一至周日 09:00-20:00', '工作日 08:30-17:00'],
  OUTDOOR_STATION: ['全天24小时开放', '每日 07:00-19:00', '每日 06:30-20:00'],
  SPORTS_ROOM: ['周一至周日 06:00-22:00', '工作日 17:00-22:00，周末 08:00-22:00', '周一至周五 12:00-13:30，17:30-21:30'],
  ENERGY_STATION: ['早 07:30-08:30，午 11:30-13:30，晚 17:30-21:00', '周一至周日 09:00-21:00'],
  WELLBEING_CENTER: ['周一至周五 09:00-17:00（需预约）', '周二、周四 14:00-20:00（需预约）'],
  SERVICE_CENTER: ['周一至周五 08:30-17:00', '周一至周六 08:30-17:30'],
};

/** Floor area ranges in m². */
export const SITE_AREA: Readonly<Record<SiteKindName, readonly [number, number]>> = {
  CULTURAL_PALACE: [8000, 26000],
  WORKERS_HOME: [60, 600],
  READING_ROOM: [40, 300],
  OUTDOOR_STATION: [15, 40],
  SPORTS_ROOM: [80, 1500],
  ENERGY_STATION: [100, 800],
  WELLBEING_CENTER: [80, 400],
  SERVICE_CENTER: [300, 3000],
};

export const SITE_HONOURS = {
  readingRoom: { NATIONAL: '全国职工书屋示范点', PROVINCIAL: '浙江省职工书屋示范点', CITY: '嘉兴市职工书屋示范点' },
  workersHome: { NATIONAL: '全国模范职工之家', PROVINCIAL: '浙江省模范职工之家', CITY: '嘉兴市先进职工之家' },
  outdoorStation: '浙江省最美户外劳动者服务站点',
  serviceCircle: '十分钟职工品质文化服务圈示范点',
  palace: '全国职工文化示范阵地',
} as const;

// ---------------------------------------------------------------- activities

export type ActivityKindName = 'COMPETITION' | 'PERFORMANCE' | 'EXHIBITION' | 'COURSE' | 'LECTURE' | 'READING' | 'OUTREACH_SERVICE';

/**
 * Activity titles. Placeholders: `{org}` organiser's label, `{place}` a park, firm or
 * village below it, `{n}` an edition, `{ball}` a ball game, `{sport}` a sport course,
 * `{course}` a night-school course, `{topic}` a talk topic, `{book}` a book.
 * A pattern starting with `*` suits only grassroots and village unions; `^` only the
 * city and counties; `=` marks a league (a month-long tournament).
 */
export const ACTIVITY_TITLES: Readonly<Record<ActivityKindName, readonly string[]>> = {
  COMPETITION: [
    '^“你是主角”{org}新就业形态劳动者歌手大赛',
    '={org}职工气排球联赛',
    '={org}职工{ball}联赛',
    '{org}职工{ball}赛',
    '{org}职工{ball}赛',
    '{org}职工演讲比赛',
    '{org}职工短视频大赛',
    '{org}职工减重大赛',
    '^{org}第{n}届职工运动会',
    '{org}职工趣味运动会',
    '{org}职工拔河比赛',
    '{org}职工健步走挑战赛',
    '{org}职工八段锦比赛',
    '{org}职工合唱比赛',
    '{org}职工脱口秀大赛',
    '{org}职工技能比武',
    '{org}“最美劳动者”摄影大赛',
  ],
  PERFORMANCE: [
    '{org}职工微话剧（小品）展演',
    '{org}职工合唱展演',
    '{org}职工街舞展演',
    '{org}职工诗朗诵会',
    '{org}职工文艺晚会',
    '{org}迎新春职工文艺汇演',
    '^“唱响劳动美”送文艺进{place}',
    '{org}职工原创歌曲展演',
    '{org}职工戏曲专场',
    '{org}职工广场舞展演',
    '{org}“劳动者之歌”音乐会',
  ],
  EXHIBITION: [
    '{org}职工书法展',
    '{org}职工书画展',
    '{org}职工摄影展',
    '“劳动最美”{org}职工摄影展',
    '{org}职工手工艺作品展',
    '{org}职工非遗手作展',
    '^{org}劳模工匠风采展',
    '{org}职工拍客团作品展',
  ],
  COURSE: [
    '{org}电商直播培训班',
    '{org}短视频创作公益课',
    '{org}八段锦公益课',
    '{org}瑜伽公益课',
    '{org}AI技能课',
    '{org}茶艺培训班',
    '{org}街舞培训班',
    '{org}书法培训班',
    '{org}职工夜校·{course}',
    '“一人一技”{sport}公益培训',
    '{org}非遗手作课堂',
    '{org}健身操公益课',
    '{org}烘焙体验课',
    '{org}插花体验课',
  ],
  LECTURE: [
    '*“班前十分钟”{topic}宣讲',
    '*“班前十分钟”{topic}宣讲',
    '*“班前十分钟”{topic}宣讲',
    '{org}劳模工匠进企业宣讲',
    '{org}职工法律知识讲座',
    '{org}职工心理健康讲座',
    '{org}安全生产知识讲座',
    '{org}劳动法律法规宣讲',
    '{org}职工健康讲座',
    '{org}女职工权益保护讲座',
    '{org}新就业形态劳动者权益宣讲',
  ],
  READING: [
    '{org}读书分享会',
    '{org}读书分享会',
    '{org}女职工读书会：《{book}》',
    '{org}好书共读：《{book}》',
    '{org}职工书屋阅读打卡',
    '{org}“书香三八”读书活动',
    '{org}亲子阅读会',
    '{org}职工朗读会',
  ],
  OUTREACH_SERVICE: [
    '“福乐巴士”进{place}',
    '“福乐巴士”进{place}',
    '{org}职工集市',
    '送清凉进{place}',
    '义诊进{place}',
    '{org}“冬送温暖”走访慰问',
    '职工健康体检进{place}',
    '爱心义剪进{place}',
    '法律援助进{place}',
    '“文化外卖”送课进{place}',
  ],
};

export const BALL_GAMES = ['篮球', '羽毛球', '乒乓球', '台球', '足球', '象棋', '围棋', '掼蛋', '桥牌', '气排球'];
export const SPORT_COURSES = ['健身操', '乒乓球', '瑜伽', '羽毛球', '八段锦', '太极拳', '游泳', '飞盘'];
export const NIGHT_COURSES = ['摄影', '书法', '声乐', '手机摄影', '短视频剪辑', 'AI办公', '茶艺', '古筝', '非遗手作', '插花', '烘焙', '心理调适'];
export const TALK_TOPICS = ['安全生产', '职业健康', '劳动法律', '工会政策', '消防安全', '劳模精神', '工匠精神', '防诈反诈', '心理健康', '节能降耗', '质量管理', '产业工人队伍建设改革'];
export const BOOKS = ['平凡的世界', '人世间', '活着', '围城', '红岩', '乡土中国', '苏东坡传', '长安的荔枝', '我与地坛', '白鹿原', '文化苦旅', '额尔古纳河右岸', '红星照耀中国', '呐喊', '边城'];

/** One sentence per kind for descriptions; `{org}` is the organiser's full name. */
export const ACTIVITY_BLURBS: Readonly<Record<ActivityKindName, readonly string[]>> = {
  COMPETITION: ['{org}主办，面向辖区职工报名参赛，设团体和个人奖项。', '{org}组织的职工赛事，以赛促练、以赛会友。', '新就业形态劳动者和一线职工均可报名，赛程分初赛、复赛和决赛。'],
  PERFORMANCE: ['职工自编自演的原创节目集中亮相，{org}主办。', '{org}组织的职工文艺展演，凭报名或现场领票入场。'],
  EXHIBITION: ['展出职工原创作品，免费参观。', '{org}征集辖区职工作品，择优展出。'],
  COURSE: ['{org}开设的公益课程，免费参加，名额有限，报满即止。', '村（社区）、企业工会点单，{org}配送的公益课程。', '线上线下同步开讲，课后可在小程序回看。'],
  LECTURE: ['{org}组织的宣讲，利用班前会时间开展。', '邀请劳模工匠、法律顾问和专家走进一线。'],
  READING: ['在职工书屋举行，欢迎职工带上喜欢的书分享。', '{org}组织的阅读活动，现场赠书。'],
  OUTREACH_SERVICE: ['健康体检、理发、法律咨询等服务送到职工身边。', '{org}组织的暖心服务，30余个摊位同时开放。'],
};

// ---------------------------------------------------------------- programmes

export interface ProgrammePattern {
  /** `{org}` is the union's label. */
  name: string;
  description: string;
  /** MM-DD within 2026. */
  starts: string;
  ends: string;
  /** Activity kinds that join it; absent means any. */
  kinds?: readonly ActivityKindName[];
}

/** Zhangye's "four seasons", run by the city and by every county. */
export const FOUR_SEASONS: readonly ProgrammePattern[] = [
  { name: '{org}春季女职工“巾帼建功”系列活动', description: '春季以女职工为主角：读书会、健康讲座、技能课程和权益宣传。', starts: '03-01', ends: '04-30', kinds: ['READING', 'COURSE', 'LECTURE', 'OUTREACH_SERVICE', 'PERFORMANCE'] },
  { name: '{org}“红五月”职工文体系列活动', description: '五月劳动节前后集中开展职工体育赛事和文艺展演。', starts: '04-20', ends: '05-31', kinds: ['COMPETITION', 'PERFORMANCE', 'EXHIBITION'] },
  { name: '{org}金秋读书月', description: '秋季职工读书活动：好书共读、读书分享会和书画展。', starts: '09-01', ends: '10-31', kinds: ['READING', 'LECTURE', 'EXHIBITION'] },
  { name: '{org}“冬送温暖”职工关爱行动', description: '冬季走访慰问困难职工，送健康、送文化、送服务到一线。', starts: '11-15', ends: '12-31', kinds: ['OUTREACH_SERVICE', 'PERFORMANCE'] },
];

export const CITY_PROGRAMMES: readonly ProgrammePattern[] = [
  { name: '“繁星计划”十分钟职工品质文化服务圈', description: '打破阵地壁垒、创新活动形式、培育文化人才，让职工步行十分钟可达文化阵地。', starts: '01-01', ends: '12-31' },
  { name: '“你是主角”新就业形态劳动者文化季', description: '面向外卖骑手、网约车司机、快递员的歌手大赛、短视频大赛和暖心服务。', starts: '10-01', ends: '12-31', kinds: ['COMPETITION', 'PERFORMANCE', 'OUTREACH_SERVICE'] },
  { name: '嘉兴市职工文化体育节', description: '全市职工文体节：5大主题、12项赛事和展演。', starts: '04-01', ends: '11-30', kinds: ['COMPETITION', 'PERFORMANCE', 'EXHIBITION'] },
  { name: '“唱响劳动美”送文艺进基层', description: '职工文体团队和文艺志愿者把节目送进园区、工地和社区。', starts: '06-01', ends: '12-31', kinds: ['PERFORMANCE'] },
];

/** Each county's own brand from the articles. */
export const COUNTY_PROGRAMMES: Readonly<Record<string, readonly ProgrammePattern[]>> = {
  南湖区: [{ name: '南湖区“文化外卖”点单服务', description: '跟着季节换菜单，短视频创作、艺术培训等公益课程按需上线，企业职工点课、工会配送。', starts: '01-01', ends: '12-31', kinds: ['COURSE', 'LECTURE'] }],
  秀洲区: [{ name: '秀洲区职工书屋提质行动', description: '全国、省、市三级示范职工书屋带动基层书屋开展阅读活动。', starts: '03-01', ends: '12-31', kinds: ['READING'] }],
  嘉善县: [{ name: '“善工课堂”送课入企', description: '茶艺、街舞、瑜伽等培训项目送课入企。', starts: '02-15', ends: '12-31', kinds: ['COURSE'] }],
  海盐县: [
    { name: '海盐县职工素质提升公益课程点单', description: '每年近30门公益课程，供村（社区）、企业工会按需点单。', starts: '01-01', ends: '12-31', kinds: ['COURSE'] },
    { name: '“一人一技”体育公益培训', description: '与文旅局联合，把健身操、乒乓球、瑜伽等项目点单配送到基层。', starts: '03-01', ends: '12-31', kinds: ['COURSE', 'COMPETITION'] },
  ],
  海宁市: [{ name: '海宁市先进职工之家“家”活动', description: '各级先进职工之家轮流承办文体活动，镇街职工文化活动中心全覆盖。', starts: '01-01', ends: '12-31' }],
  平湖市: [{ name: '“‘享’来你就来”职工文体服务', description: '整合862个文体场地，通过“工享家（平工约课）”小程序约场约课。', starts: '01-01', ends: '12-31', kinds: ['COMPETITION', 'COURSE'] }],
  桐乡市: [{ name: '桐乡市职工文化讲师团点单课堂', description: '技能培训、运动健康、亲子教育等领域的讲师开展非遗手作、直播电商培训等特色课堂。', starts: '01-01', ends: '12-31', kinds: ['COURSE', 'LECTURE'] }],
};

/** A town's own programme; `{org}` is the town. */
export const TOWN_PROGRAMMES: readonly ProgrammePattern[] = [
  { name: '{org}职工文化月', description: '镇（街道）工会组织的职工文化月活动。', starts: '', ends: '' },
  { name: '{org}“10分运动”职工健身季', description: '辖区文体资源搬上小程序，职工一键找场地、报课程、招社团。', starts: '', ends: '', kinds: ['COMPETITION', 'COURSE'] },
];
