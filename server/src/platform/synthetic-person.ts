// Synthetic, realistic-looking Chinese social-insurance records. Everything is derived from a
// seeded PRNG, so one seed always gives the same person: the simulator keys it by card number,
// the seeder by (seed, index). No real person's data is used anywhere.
//
// Stability: the career is anchored to a fixed reference month, not to "now", and every random
// stream is consumed month by month from the start of the career. Moving `asOfMonth` forward
// therefore only appends months; the history already generated stays the same.
import type {
  PlatformBalance,
  PlatformContribution,
  PlatformInsuranceType,
  PlatformMedicalRecord,
  PlatformParticipation,
  PlatformRecord,
} from './platform.js';

// ── PRNG ────────────────────────────────────────────────────────────────────────────────────

/** cyrb128: a fast 128-bit string hash, good enough to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A small seeded PRNG (sfc32). Never Math.random: the same seed must give the same person. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.next(); // warm-up: decorrelate similar seeds
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Items with integer weights, as [item, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.next() * total;
    for (const [item, w] of pairs) {
      r -= w;
      if (r < 0) return item;
    }
    return pairs[pairs.length - 1]![0];
  }

  /** Approximately standard normal (Irwin–Hall of 4): cheap and bounded to ±3.5σ. */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }

  /** Poisson for small means (inversion). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

// ── reference data ──────────────────────────────────────────────────────────────────────────

type City = {
  name: string;
  /** 6-digit administrative division codes (GB/T 2260) of districts, with their names. */
  districts: readonly (readonly [string, string])[];
  latitude: number;
  longitude: number;
  /** Approximate contribution base bounds (yuan/month) for July 2025 – June 2026. */
  base2025: readonly [number, number];
  /** Employer medical rate in basis points (1 bp = 0.01 %). */
  medicalEmployerBp: number;
  maternityBp: number;
  hospitals: readonly string[];
  /** Municipalities name companies "北京…"; other cities mostly "深圳市…". */
  municipality: boolean;
};

export const CITIES: readonly City[] = [
  {
    name: '北京',
    districts: [['110101', '东城区'], ['110102', '西城区'], ['110105', '朝阳区'], ['110106', '丰台区'], ['110108', '海淀区'], ['110114', '昌平区']],
    latitude: 39.9042,
    longitude: 116.4074,
    base2025: [7162, 35811],
    medicalEmployerBp: 900,
    maternityBp: 80,
    hospitals: ['北京协和医院', '北京大学第一医院', '北京大学人民医院', '北京大学第三医院', '中日友好医院', '首都医科大学附属北京天坛医院', '首都医科大学附属北京朝阳医院', '北京积水潭医院'],
    municipality: true,
  },
  {
    name: '上海',
    districts: [['310101', '黄浦区'], ['310104', '徐汇区'], ['310105', '长宁区'], ['310106', '静安区'], ['310110', '杨浦区'], ['310115', '浦东新区']],
    latitude: 31.2304,
    longitude: 121.4737,
    base2025: [7460, 37302],
    medicalEmployerBp: 900,
    maternityBp: 100,
    hospitals: ['复旦大学附属中山医院', '复旦大学附属华山医院', '上海交通大学医学院附属瑞金医院', '上海交通大学医学院附属仁济医院', '上海市第六人民医院', '上海市第一人民医院'],
    municipality: true,
  },
  {
    name: '广州',
    districts: [['440103', '荔湾区'], ['440104', '越秀区'], ['440105', '海珠区'], ['440106', '天河区'], ['440111', '白云区'], ['440113', '番禺区']],
    latitude: 23.1291,
    longitude: 113.2644,
    base2025: [5284, 26421],
    medicalEmployerBp: 800,
    maternityBp: 80,
    hospitals: ['中山大学附属第一医院', '广东省人民医院', '南方医科大学南方医院', '广州医科大学附属第一医院', '中山大学孙逸仙纪念医院'],
    municipality: false,
  },
  {
    name: '深圳',
    districts: [['440303', '罗湖区'], ['440304', '福田区'], ['440305', '南山区'], ['440306', '宝安区'], ['440307', '龙岗区']],
    latitude: 22.5431,
    longitude: 114.0579,
    base2025: [4775, 27501],
    medicalEmployerBp: 800,
    maternityBp: 50,
    hospitals: ['北京大学深圳医院', '深圳市人民医院', '香港大学深圳医院', '中山大学附属第八医院', '深圳市第二人民医院'],
    municipality: false,
  },
  {
    name: '杭州',
    districts: [['330102', '上城区'], ['330105', '拱墅区'], ['330106', '西湖区'], ['330108', '滨江区'], ['330110', '余杭区']],
    latitude: 30.2741,
    longitude: 120.1551,
    base2025: [4812, 25257],
    medicalEmployerBp: 950,
    maternityBp: 80,
    hospitals: ['浙江大学医学院附属第一医院', '浙江大学医学院附属第二医院', '浙江大学医学院附属邵逸夫医院', '浙江省人民医院', '杭州市第一人民医院'],
    municipality: false,
  },
  {
    name: '成都',
    districts: [['510104', '锦江区'], ['510105', '青羊区'], ['510106', '金牛区'], ['510107', '武侯区'], ['510108', '成华区']],
    latitude: 30.5728,
    longitude: 104.0668,
    base2025: [4246, 21228],
    medicalEmployerBp: 850,
    maternityBp: 80,
    hospitals: ['四川大学华西医院', '四川省人民医院', '成都市第一人民医院', '成都市第三人民医院', '四川大学华西第二医院'],
    municipality: false,
  },
  {
    name: '武汉',
    districts: [['420102', '江岸区'], ['420103', '江汉区'], ['420106', '武昌区'], ['420111', '洪山区']],
    latitude: 30.5928,
    longitude: 114.3055,
    base2025: [4486, 22431],
    medicalEmployerBp: 800,
    maternityBp: 70,
    hospitals: ['华中科技大学同济医学院附属同济医院', '华中科技大学同济医学院附属协和医院', '武汉大学人民医院', '武汉大学中南医院'],
    municipality: false,
  },
  {
    name: '西安',
    districts: [['610102', '新城区'], ['610103', '碑林区'], ['610104', '莲湖区'], ['610113', '雁塔区']],
    latitude: 34.3416,
    longitude: 108.9398,
    base2025: [4494, 22470],
    medicalEmployerBp: 800,
    maternityBp: 50,
    hospitals: ['西安交通大学第一附属医院', '西安交通大学第二附属医院', '空军军医大学西京医院', '陕西省人民医院'],
    municipality: false,
  },
  {
    name: '南京',
    districts: [['320102', '玄武区'], ['320104', '秦淮区'], ['320105', '建邺区'], ['320106', '鼓楼区']],
    latitude: 32.0603,
    longitude: 118.7969,
    base2025: [4880, 24402],
    medicalEmployerBp: 900,
    maternityBp: 80,
    hospitals: ['江苏省人民医院', '南京鼓楼医院', '东南大学附属中大医院', '南京市第一医院'],
    municipality: false,
  },
  {
    name: '重庆',
    districts: [['500103', '渝中区'], ['500105', '江北区'], ['500106', '沙坪坝区'], ['500108', '南岸区'], ['500112', '渝北区']],
    latitude: 29.563,
    longitude: 106.5516,
    base2025: [4522, 22611],
    medicalEmployerBp: 800,
    maternityBp: 50,
    hospitals: ['重庆医科大学附属第一医院', '重庆医科大学附属第二医院', '陆军军医大学第一附属医院', '重庆市人民医院'],
    municipality: true,
  },
  {
    name: '天津',
    districts: [['120101', '和平区'], ['120102', '河东区'], ['120103', '河西区'], ['120104', '南开区']],
    latitude: 39.3434,
    longitude: 117.3616,
    base2025: [4998, 24993],
    medicalEmployerBp: 1000,
    maternityBp: 50,
    hospitals: ['天津医科大学总医院', '天津市第一中心医院', '天津市人民医院', '天津医科大学第二医院'],
    municipality: true,
  },
  {
    name: '苏州',
    districts: [['320505', '虎丘区'], ['320506', '吴中区'], ['320507', '相城区'], ['320508', '姑苏区']],
    latitude: 31.2989,
    longitude: 120.5853,
    base2025: [4880, 24402],
    medicalEmployerBp: 900,
    maternityBp: 80,
    hospitals: ['苏州大学附属第一医院', '苏州大学附属第二医院', '苏州市立医院'],
    municipality: false,
  },
  {
    name: '郑州',
    districts: [['410102', '中原区'], ['410103', '二七区'], ['410105', '金水区']],
    latitude: 34.7466,
    longitude: 113.6254,
    base2025: [4188, 20937],
    medicalEmployerBp: 800,
    maternityBp: 100,
    hospitals: ['郑州大学第一附属医院', '郑州大学第二附属医院', '河南省人民医院', '郑州市中心医院'],
    municipality: false,
  },
  {
    name: '长沙',
    districts: [['430102', '芙蓉区'], ['430103', '天心区'], ['430104', '岳麓区'], ['430105', '开福区']],
    latitude: 28.2282,
    longitude: 112.9388,
    base2025: [4154, 20770],
    medicalEmployerBp: 800,
    maternityBp: 70,
    hospitals: ['中南大学湘雅医院', '中南大学湘雅二医院', '中南大学湘雅三医院', '湖南省人民医院'],
    municipality: false,
  },
  {
    name: '沈阳',
    districts: [['210102', '和平区'], ['210103', '沈河区'], ['210104', '大东区'], ['210106', '铁西区']],
    latitude: 41.8057,
    longitude: 123.4315,
    base2025: [4293, 21465],
    medicalEmployerBp: 800,
    maternityBp: 60,
    hospitals: ['中国医科大学附属第一医院', '中国医科大学附属盛京医院', '辽宁省人民医院', '沈阳医学院附属中心医院'],
    municipality: false,
  },
];

/** Larger cities are likelier homes; weights are rough population shares. */
const CITY_WEIGHTS: readonly (readonly [City, number])[] = CITIES.map((city) => [
  city,
  ({ 北京: 14, 上海: 15, 广州: 12, 深圳: 12, 重庆: 10, 成都: 10, 天津: 7, 武汉: 8, 杭州: 8, 西安: 7, 南京: 6, 苏州: 7, 郑州: 7, 长沙: 6, 沈阳: 5 } as Record<string, number>)[city.name] ?? 5,
]);

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
  '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '覃', '武', '戴', '莫', '孔', '向', '汤',
] as const;
/** The top surnames are far more common than the tail: weight the first 20 three times. */
const SURNAME_POOL = [...SURNAMES.slice(0, 20), ...SURNAMES.slice(0, 20), ...SURNAMES];

const MALE_CHARS = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳建亮成峰晨志振博文东海宏毅国兵庆昊然睿哲航子轩泽'.split('');
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英玲燕萍红婷雪琳晶倩颖慧洁佳欣怡蕾丹璐瑶悦琪梅莉兰月楠薇雯璇思雨梦晓嘉诗涵可馨妍'.split('');

const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 9100],
  ['壮族', 120],
  ['回族', 100],
  ['满族', 100],
  ['维吾尔族', 80],
  ['苗族', 60],
  ['土家族', 60],
  ['蒙古族', 50],
  ['藏族', 40],
  ['朝鲜族', 20],
];

/** Names outside the Han surname + given-name pattern, per ethnicity and gender. */
const OTHER_NAMES: Record<string, { male: readonly string[]; female: readonly string[]; join?: string }> = {
  维吾尔族: {
    male: ['买买提', '艾力', '阿不都', '吐尔逊', '艾尔肯', '努尔', '热合曼', '阿迪力', '依明', '卡德尔'],
    female: ['古丽', '阿依古丽', '热依拉', '帕提古丽', '迪丽努尔', '米热古丽', '努尔古丽', '再娜甫'],
    join: '·',
  },
  蒙古族: {
    male: ['巴特尔', '额尔敦', '苏和', '朝鲁', '宝音', '毕力格', '那日苏', '图门'],
    female: ['图雅', '其其格', '萨仁', '乌云', '斯琴', '娜仁', '高娃', '塔娜'],
  },
  藏族: {
    male: ['扎西', '次仁', '多吉', '格桑', '平措', '丹增', '尼玛', '索朗'],
    female: ['卓玛', '央金', '拉姆', '德吉', '曲珍', '白玛', '次珍', '格桑'],
  },
};

const BRAND_WORDS = [
  '华信', '恒通', '中科', '金诚', '宏达', '鼎盛', '瑞丰', '博远', '新源', '天成', '汇智', '联创', '安泰', '康宁', '润达',
  '启明', '远景', '嘉禾', '东方', '星辰', '正邦', '同创', '海纳', '永信', '德润', '盛世', '华誉', '众合', '朗润', '卓越',
  '蓝海', '明德', '信达', '万和', '国信', '锦程', '云帆', '凯越', '长盛', '智联',
];
/** Industry word and its work-injury rate (basis points): offices low, construction high. */
const INDUSTRIES: readonly (readonly [string, number])[] = [
  ['科技', 20],
  ['信息技术', 20],
  ['网络科技', 20],
  ['软件', 20],
  ['教育咨询', 20],
  ['文化传媒', 30],
  ['商贸', 40],
  ['贸易', 40],
  ['医药', 40],
  ['生物科技', 40],
  ['物业管理', 50],
  ['食品', 60],
  ['餐饮管理', 70],
  ['电子', 70],
  ['物流', 90],
  ['新能源', 70],
  ['机械制造', 100],
  ['建设工程', 100],
];
const COMPANY_SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 70],
  ['股份有限公司', 20],
  ['有限责任公司', 10],
];

const PHARMACY_CHAINS = ['老百姓大药房', '大参林药房', '益丰大药房', '国大药房', '海王星辰', '一心堂', '漱玉平民大药房', '同仁堂药店'];

const DEPARTMENTS_ANY = ['内科', '呼吸内科', '消化内科', '心血管内科', '内分泌科', '神经内科', '外科', '普外科', '骨科', '泌尿外科', '口腔科', '皮肤科', '眼科', '耳鼻咽喉科', '中医科', '急诊科', '康复医学科'];
const DEPARTMENTS_FEMALE = ['妇科', '乳腺外科'];
const DEPARTMENTS_INPATIENT = ['心血管内科', '呼吸内科', '消化内科', '神经内科', '普外科', '骨科', '泌尿外科', '肿瘤科', '内分泌科'];

/** 养老保险个人账户记账利率 (annual, basis points); earlier years: roughly the deposit rate; later: an assumption. */
const PENSION_INTEREST_BP: Record<number, number> = { 2016: 831, 2017: 712, 2018: 829, 2019: 761, 2020: 604, 2021: 669, 2022: 612, 2023: 397, 2024: 262 };
const pensionInterestBp = (year: number) => PENSION_INTEREST_BP[year] ?? (year < 2016 ? 300 : 250);

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

/** Months are integers `year * 12 + monthIndex` (January = 0). */
const monthOf = (year: number, month1: number) => year * 12 + month1 - 1;
const yearOfMonth = (m: number) => Math.floor(m / 12);
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

// Per-month strings and lengths, computed once: generating 10⁵ people formats ~10⁸ dates.
const monthPrefixes = new Map<number, string>();
function monthPrefix(m: number): string {
  let s = monthPrefixes.get(m);
  if (s === undefined) {
    s = `${yearOfMonth(m)}-${pad2((m % 12) + 1)}`;
    monthPrefixes.set(m, s);
  }
  return s;
}
const monthStrings = new Map<number, string>();
function monthString(m: number): string {
  let s = monthStrings.get(m);
  if (s === undefined) {
    s = `${monthPrefix(m)}-01`;
    monthStrings.set(m, s);
  }
  return s;
}
const monthLengths = new Map<number, number>();
function daysInMonth(m: number): number {
  let n = monthLengths.get(m);
  if (n === undefined) {
    n = new Date(Date.UTC(yearOfMonth(m), (m % 12) + 1, 0)).getUTCDate();
    monthLengths.set(m, n);
  }
  return n;
}

const DAY_MS = 86_400_000;
function dayString(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}
const epochDayOf = (m: number, day: number) => Date.UTC(yearOfMonth(m), m % 12, day) / DAY_MS;

/** Integer fen → "123.45". Integer arithmetic only: no float drift. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** "123.45" → 12345 fen. */
export function parseFen(amount: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new Error('Not a two-place decimal amount');
  const fen = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -fen : fen;
}

/** Round half up of `fen * bp / 10000`, in integers (fen ≤ ~10⁸, bp ≤ 10⁴: exact in doubles). */
const applyRate = (fen: number, bp: number) => Math.floor((fen * bp + 5000) / 10000);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckCharacter(id.slice(0, 17)) === id[17];
}

// ── the generator ───────────────────────────────────────────────────────────────────────────

/** Careers are laid out backwards from this month, whatever the current date. */
export const REFERENCE_MONTH = '2026-07';

export type GenerateOptions = {
  /** The card number to put on the record; by default one is derived from the seed. */
  cardNumber?: string;
  /** "YYYY-MM": the current month (its contributions are PENDING). Default: the current UTC month. */
  asOfMonth?: string;
  /** Years of contribution history before REFERENCE_MONTH; default random 1–20. */
  years?: number;
  /** Inclusive birth-year range; default 1960–2002. */
  birthYears?: readonly [number, number];
};

export type SyntheticPerson = PlatformRecord;

const TYPES: readonly PlatformInsuranceType[] = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'];

type Spell =
  | { kind: 'JOB'; employer: string; injuryBp: number; until: number; arrearsFrom: number; arrearsTo: number }
  | { kind: 'GAP'; flexible: boolean; until: number };

/** Monthly amounts for one base and employer, formatted once and shared by every month at that base. */
type RowTemplate = { insuranceType: PlatformInsuranceType; base: string; employerPart: string; personalPart: string };

function parseMonth(text: string): number {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) throw new Error('asOfMonth must be YYYY-MM');
  return monthOf(Number(match[1]), Number(match[2]));
}

function currentMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

/** A plausible company name and its work-injury rate (which follows the industry). */
function company(rng: Rng, city: City): { name: string; injuryBp: number } {
  const prefix = city.municipality || rng.chance(0.4) ? city.name : `${city.name}市`;
  const [industry, injuryBp] = rng.pick(INDUSTRIES);
  return { name: `${prefix}${rng.pick(BRAND_WORDS)}${industry}${rng.weighted(COMPANY_SUFFIXES)}`, injuryBp };
}

function personName(rng: Rng, ethnicity: string, male: boolean): string {
  const other = OTHER_NAMES[ethnicity];
  if (other) {
    const own = rng.pick(male ? other.male : other.female);
    if (other.join) return `${own}${other.join}${rng.pick(OTHER_NAMES[ethnicity]!.male)}`;
    // Mongolian and Tibetan names: usually one or two given names, no surname.
    return rng.chance(0.5) ? own : `${own}${rng.pick(male ? other.male : other.female)}`;
  }
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.35) ? rng.pick(chars) : `${rng.pick(chars)}${rng.pick(chars)}`;
  return `${rng.pick(SURNAME_POOL)}${given}`;
}

function derivedCardNumber(rng: Rng): string {
  // A letter that no simulator trigger starts with (DEMO/DOWN/NF/NOTFOUND), then eight digits.
  const letter = rng.pick('ABCEFGHJKLMPQRSTUVWXYZ'.split(''));
  return `${letter}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/**
 * One synthetic person: a deterministic function of `seed` and `options`.
 * Amounts are computed in integer fen and formatted with two decimal places.
 */
export function generatePerson(seed: string | number, options: GenerateOptions = {}): SyntheticPerson {
  const key = String(seed);
  const rng = new Rng(`${key}|person`);
  const asOf = parseMonth(options.asOfMonth ?? currentMonth());
  const reference = parseMonth(REFERENCE_MONTH);

  // Identity.
  const male = rng.chance(0.5);
  const ethnicity = rng.weighted(ETHNICITIES);
  const realName = personName(rng, ethnicity, male);
  const [fromYear, toYear] = options.birthYears ?? [1960, 2002];
  const birthStart = Date.UTC(fromYear, 0, 1) / DAY_MS;
  const birthDay = rng.int(birthStart, Date.UTC(toYear, 11, 31) / DAY_MS);
  const birthday = dayString(birthDay);
  const birthMonth = monthOf(Number(birthday.slice(0, 4)), Number(birthday.slice(5, 7)));
  const city = rng.weighted(CITY_WEIGHTS);
  const [districtCode] = rng.pick(city.districts);
  const sequence = rng.int(0, 49) * 2 + (male ? 1 : 0); // odd for men, even for women
  const first17 = `${districtCode}${birthday.replaceAll('-', '')}${String(rng.int(0, 9))}${String(sequence).padStart(2, '0')}`;
  const idNumber = `${first17}${idCheckCharacter(first17)}`;
  const cardNumber = options.cardNumber ?? derivedCardNumber(rng);

  // Career window: from the start of work (at least 18, often after study) to retirement.
  const years = options.years ?? rng.int(1, 20);
  const earliestStart = birthMonth + 12 * 18 + rng.int(0, 60);
  const start = Math.max(reference - years * 12, earliestStart);
  const retirement = birthMonth + 12 * (male ? 60 : 55);
  const lastMonth = Math.min(asOf, retirement - 1);

  // Salary (fen/month) and the city's base bounds for contribution year y (July y – June y+1).
  const boundsFor = (m: number) => baseBounds(city, m % 12 >= 6 ? yearOfMonth(m) : yearOfMonth(m) - 1);
  let salary = Math.round(boundsFor(start)[0] * (1 + Math.min(4, Math.max(0, 0.9 + 0.6 * rng.normal()))));

  const careerRng = new Rng(`${key}|career`);
  const newJob = (from: number): Spell => {
    const { name: employer, injuryBp } = company(careerRng, city);
    const length = Math.min(180, 6 + Math.floor(-Math.log(1 - careerRng.next()) * 36));
    const arrears = careerRng.chance(0.25);
    const arrearsFrom = arrears ? from + careerRng.int(0, length - 1) : -1;
    return {
      kind: 'JOB',
      employer,
      injuryBp,
      until: from + length - 1,
      arrearsFrom,
      arrearsTo: arrears ? arrearsFrom + careerRng.int(0, 2) : -2,
    };
  };

  const contributions: PlatformContribution[] = [];
  const firstMonth = new Map<PlatformInsuranceType, number>();
  /** Months with medical cover (any MEDICAL row): visits are settled through insurance only then. */
  const covered = new Set<number>();
  const paidMonths = new Map<PlatformInsuranceType, number>(TYPES.map((t) => [t, 0]));
  // Personal-account credits per month (fen), for the balances.
  const pensionCredit = new Map<number, number>();
  const medicalCredit = new Map<number, number>();

  let spell: Spell = newJob(start);
  let template: RowTemplate[] = [];
  let templateKey = '';
  let pensionCreditPerMonth = 0;
  let medicalCreditPerMonth = 0;

  for (let m = start; m <= lastMonth; m++) {
    if (m > spell.until) {
      if (spell.kind === 'JOB' && careerRng.chance(0.35)) {
        const length = careerRng.int(1, 9);
        spell = { kind: 'GAP', flexible: length >= 3 && careerRng.chance(0.4), until: m + length - 1 };
      } else {
        spell = newJob(m);
        salary = Math.round(salary * careerRng.range(1, 1.15)); // changing jobs usually pays a little more
      }
    }
    if (m % 12 === 6 && m > start) salary = Math.round(salary * careerRng.range(1, 1.06)); // July raise
    if (spell.kind === 'GAP' && !spell.flexible) continue;

    const [min, max] = boundsFor(m);
    const status: PlatformContribution['status'] =
      m === asOf ? 'PENDING' : spell.kind === 'JOB' && m >= spell.arrearsFrom && m <= spell.arrearsTo ? 'ARREARS' : 'PAID';
    const employer = spell.kind === 'JOB' ? spell.employer : null;
    // Employers declare the salary within the city's bounds; flexible workers usually pick the minimum.
    const base = spell.kind === 'GAP' ? min : Math.min(max, Math.max(min, Math.round(salary / 100) * 100));

    const key2 = `${base}|${employer ?? ''}`;
    if (key2 !== templateKey) {
      templateKey = key2;
      const b = formatFen(base);
      if (spell.kind === 'JOB') {
        const rows: [PlatformInsuranceType, number, number][] = [
          ['PENSION', 1600, 800],
          ['MEDICAL', city.medicalEmployerBp, 200],
          ['UNEMPLOYMENT', 50, 50],
          ['WORK_INJURY', spell.injuryBp, 0],
          ['MATERNITY', city.maternityBp, 0],
        ];
        template = rows.map(([insuranceType, employerBp, personalBp]) => ({
          insuranceType,
          base: b,
          employerPart: formatFen(applyRate(base, employerBp)),
          personalPart: formatFen(applyRate(base, personalBp)),
        }));
        pensionCreditPerMonth = applyRate(base, 800);
        medicalCreditPerMonth = applyRate(base, 200);
      } else {
        // 灵活就业: the person pays pension (20 %, 8 % to the personal account) and medical alone.
        template = [
          { insuranceType: 'PENSION', base: b, employerPart: '0.00', personalPart: formatFen(applyRate(base, 2000)) },
          { insuranceType: 'MEDICAL', base: b, employerPart: '0.00', personalPart: formatFen(applyRate(base, city.medicalEmployerBp)) },
        ];
        pensionCreditPerMonth = applyRate(base, 800);
        medicalCreditPerMonth = 0;
      }
    }
    const month = monthString(m);
    for (const row of template) {
      contributions.push({ month, insuranceType: row.insuranceType, base: row.base, employerPart: row.employerPart, personalPart: row.personalPart, status, employer });
      if (!firstMonth.has(row.insuranceType)) firstMonth.set(row.insuranceType, m);
      if (status === 'PAID') paidMonths.set(row.insuranceType, paidMonths.get(row.insuranceType)! + 1);
    }
    covered.add(m);
    if (status === 'PAID') {
      pensionCredit.set(m, pensionCreditPerMonth);
      if (medicalCreditPerMonth > 0) medicalCredit.set(m, medicalCreditPerMonth);
    }
  }

  // Participations: what the person is insured for now.
  const retired = asOf >= retirement;
  const current = !retired && start <= lastMonth && spell.until >= asOf ? spell : undefined;
  const participations: PlatformParticipation[] = [];
  for (const insuranceType of TYPES) {
    const first = firstMonth.get(insuranceType);
    if (first === undefined) continue;
    let status: PlatformParticipation['status'] = 'SUSPENDED';
    let employer: string | null = null;
    if (retired) status = 'ENDED';
    else if (current?.kind === 'JOB') {
      status = 'ACTIVE';
      employer = current.employer;
    } else if (current?.kind === 'GAP' && current.flexible && (insuranceType === 'PENSION' || insuranceType === 'MEDICAL')) status = 'ACTIVE';
    participations.push({ insuranceType, status, employer, since: monthString(first), contributionMonths: paidMonths.get(insuranceType)! });
  }

  // Balances as of the end of last month: the current month is still PENDING.
  const asOfDay = dayString(epochDayOf(asOf, 1) - 1);
  let pension = 0;
  let yearCredits = 0;
  let retirementBalance = -1;
  for (let m = start; m < asOf; m++) {
    if (m % 12 === 0 && m > start) {
      // Year-end interest: a full year on last year's opening balance, half a year on new credits.
      const rate = pensionInterestBp(yearOfMonth(m) - 1);
      pension += applyRate(pension - yearCredits, rate) + applyRate(yearCredits, Math.round(rate / 2));
      yearCredits = 0;
    }
    if (m >= retirement) {
      // Paid out as part of the pension: balance / 139 months (age 60) or / 170 (age 55).
      if (retirementBalance < 0) retirementBalance = pension;
      pension = Math.max(0, pension - Math.round(retirementBalance / (male ? 139 : 170)));
    }
    const credit = pensionCredit.get(m) ?? 0;
    pension += credit;
    yearCredits += credit;
  }

  const medicalRecords = generateMedicalRecords(new Rng(`${key}|medical`), {
    city,
    male,
    birthMonth,
    start,
    retirement,
    covered,
    asOf,
    medicalCredit,
  });
  let medical = 0;
  for (const credit of medicalCredit.values()) medical += credit;
  for (const record of medicalRecords) medical -= parseFen(record.personalAccountPaid);

  const balances: PlatformBalance[] = [
    { accountType: 'PENSION_PERSONAL', amount: formatFen(pension), asOf: asOfDay },
    { accountType: 'MEDICAL_PERSONAL', amount: formatFen(medical), asOf: asOfDay },
  ];

  return {
    cardNumber,
    profile: {
      realName,
      gender: male ? '男' : '女',
      ethnicity,
      birthday,
      idNumber,
      city: city.name,
      employer: current?.kind === 'JOB' ? current.employer : null,
    },
    participations,
    contributions,
    balances,
    medicalRecords,
  };
}

const boundsCache = new Map<string, readonly [number, number]>();
/** Base bounds in fen for contribution year `y`: the 2025 bounds moved by ~5.5 % a year (average wage growth). */
function baseBounds(city: City, y: number): readonly [number, number] {
  const key = `${city.name}${y}`;
  let bounds = boundsCache.get(key);
  if (!bounds) {
    const f = Math.pow(1.055, y - 2025);
    bounds = [Math.round(city.base2025[0] * f) * 100, Math.round(city.base2025[1] * f) * 100];
    boundsCache.set(key, bounds);
  }
  return bounds;
}

type MedicalContext = {
  city: City;
  male: boolean;
  birthMonth: number;
  start: number;
  /** Retirees stay covered; before that, only months with a MEDICAL contribution count. */
  retirement: number;
  covered: Set<number>;
  asOf: number;
  medicalCredit: Map<number, number>;
};

/**
 * Visits month by month, up to the end of last month (settlements lag). The personal account is
 * spent in date order and never goes below zero: credits arrive at the end of each month.
 */
function generateMedicalRecords(rng: Rng, ctx: MedicalContext): PlatformMedicalRecord[] {
  const records: PlatformMedicalRecord[] = [];
  const health = Math.exp(0.5 * rng.normal()); // some people see doctors much more than others
  const cutoffDay = epochDayOf(ctx.asOf, 1) - 1;
  let account = 0;
  for (let m = ctx.start; m < ctx.asOf; m++) {
    if (m < ctx.retirement && !ctx.covered.has(m)) continue;
    const age = (m - ctx.birthMonth) / 12;
    const year = yearOfMonth(m);
    const outpatient = rng.poisson(((2 + age / 20) * health) / 12);
    const pharmacy = rng.poisson(((1 + age / 40) * health) / 12);
    const inpatient = rng.poisson(((0.02 + Math.max(0, age - 40) * 0.004) * health) / 12);
    const visits: { kind: PlatformMedicalRecord['kind']; day: number }[] = [];
    const days = daysInMonth(m);
    for (let i = 0; i < outpatient; i++) visits.push({ kind: 'OUTPATIENT', day: rng.int(1, days) });
    for (let i = 0; i < pharmacy; i++) visits.push({ kind: 'PHARMACY', day: rng.int(1, days) });
    for (let i = 0; i < inpatient; i++) visits.push({ kind: 'INPATIENT', day: rng.int(1, days) });
    if (visits.length > 1) visits.sort((a, b) => a.day - b.day);

    for (const visit of visits) {
      const away = rng.chance(0.06) ? rng.pick(CITIES) : ctx.city; // 异地就医 now and then
      const date = epochDayOf(m, visit.day);
      let total: number;
      let fund: number;
      let dischargeDate: string | null = null;
      let itemCount: number;
      let institution: string;
      let department: string | null;
      let useAccount = true;
      if (visit.kind === 'OUTPATIENT') {
        total = Math.round(Math.min(500_000, Math.max(3_000, Math.exp(Math.log(26_000) + 0.8 * rng.normal()))));
        // Outpatient pooling (门诊共济) pays about half since 2023; before, only above a yearly deductible.
        fund = year >= 2023 ? applyRate(total, rng.int(40, 60) * 100) : total > 180_000 ? applyRate(total - 180_000, 5000) : 0;
        itemCount = rng.int(1, 12);
        institution = rng.pick(away.hospitals);
        department = rng.pick(!ctx.male && rng.chance(0.15) ? DEPARTMENTS_FEMALE : DEPARTMENTS_ANY);
      } else if (visit.kind === 'PHARMACY') {
        total = Math.round(Math.min(200_000, Math.max(500, Math.exp(Math.log(8_000) + 0.7 * rng.normal()))));
        fund = 0;
        itemCount = rng.int(1, 6);
        const [, district] = rng.pick(away.districts);
        institution = `${rng.pick(PHARMACY_CHAINS)}（${district}店）`;
        department = null;
      } else {
        total = Math.round(Math.min(30_000_000, Math.max(200_000, Math.exp(Math.log(1_500_000) + 0.7 * rng.normal()))));
        fund = applyRate(total - 130_000, rng.int(80, 90) * 100); // after the deductible (起付线)
        const stay = Math.min(30, 2 + Math.floor(total / 400_000) + rng.int(0, 5));
        itemCount = rng.int(40, 400);
        institution = rng.pick(away.hospitals);
        department = rng.pick(DEPARTMENTS_INPATIENT);
        useAccount = rng.chance(0.5);
        if (date + stay > cutoffDay) continue; // not settled yet
        dischargeDate = dayString(date + stay);
      }
      const rest = total - fund;
      const fromAccount = useAccount ? Math.min(account, rest) : 0;
      account -= fromAccount;
      records.push({
        kind: visit.kind,
        date: `${monthPrefix(m)}-${pad2(visit.day)}`,
        dischargeDate,
        itemCount,
        institution,
        department,
        city: away.name,
        totalCost: formatFen(total),
        fundPaid: formatFen(fund),
        personalAccountPaid: formatFen(fromAccount),
        outOfPocket: formatFen(rest - fromAccount),
      });
    }
    account += ctx.medicalCredit.get(m) ?? 0;
  }
  return records;
}

/** Where a city is, for synthetic location samples. */
export function cityCoordinates(name: string): { latitude: number; longitude: number } | undefined {
  const city = CITIES.find((c) => c.name === name);
  return city && { latitude: city.latitude, longitude: city.longitude };
}
