// Data categories: the vocabulary of scopes, consent and field tags (DESIGN.md, "Data categories").
// Names people read come from the privacy notice; the short labels here are for developers and logs.

export const DATA_CATEGORIES = {
  'account.contact': { sensitive: false, zh: '注册手机号', en: 'Registered phone number' },
  'account.profile': { sensitive: false, zh: '公开资料（昵称、头像）', en: 'Public profile (display name, photo)' },
  'identity.basic': { sensitive: false, zh: '身份基本信息（姓名、民族、生日）', en: 'Basic identity (name, ethnicity, birthday)' },
  'identity.document': { sensitive: true, zh: '证件号码（身份证号、社保卡号）', en: 'Document numbers (ID and card number)' },
  'insurance.status': { sensitive: false, zh: '参保情况（险种、单位、缴费年限）', en: 'Participation (insurance types, employer, years)' },
  'insurance.contributions': { sensitive: true, zh: '历史缴费明细', en: 'Monthly contribution history' },
  'insurance.balance': { sensitive: true, zh: '个人账户余额', en: 'Personal account balances' },
  'medical.records': { sensitive: true, zh: '就医与医保结算记录', en: 'Medical visits and insurance settlements' },
  'device.info': { sensitive: false, zh: '设备信息（型号、系统、标识符、网络）', en: 'Device information (model, OS, identifier, network)' },
  'device.logs': { sensitive: false, zh: '日志信息（搜索、设备事件）', en: 'Logs (searches, device events)' },
  location: { sensitive: true, zh: '位置信息', en: 'Location' },
  'app.instance': { sensitive: false, zh: '应用安装信息', en: 'App installation' },
} as const satisfies Record<string, { sensitive: boolean; zh: string; en: string }>;

export type DataCategory = keyof typeof DATA_CATEGORIES;
export const ALL_CATEGORIES = Object.keys(DATA_CATEGORIES) as DataCategory[];

export function isDataCategory(value: unknown): value is DataCategory {
  return typeof value === 'string' && Object.hasOwn(DATA_CATEGORIES, value);
}

/** Sensitive personal information under PIPL Art. 28: separate consent, shorter offline life. */
export function isSensitive(category: DataCategory): boolean {
  return DATA_CATEGORIES[category].sensitive;
}

/** For values of unknown provenance (cached entries, server responses). */
export function isSensitiveCategory(value: string): boolean {
  return isDataCategory(value) && isSensitive(value);
}
