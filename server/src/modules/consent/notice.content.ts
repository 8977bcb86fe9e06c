// The privacy notice as data. The texts the PWA shows are rendered from this structure, and the
// authorization layer reads the same structure, so what is said and what is enforced cannot drift.
import type { DataCategory, Purpose } from '@shebao/vocabulary';

export type Localized = { zh: string; en: string };

export type NoticePurposeSpec = {
  purpose: Purpose;
  name: Localized;
  description: Localized;
  categories: DataCategory[];
  /** Categories processed because the service cannot work without them (PIPL Art. 13(2)); the rest need consent. */
  necessaryCategories: DataCategory[];
  recipients: Localized[];
  /** Days after the purpose ends (withdrawal, account deletion); null: kept only as long as the law requires. */
  retentionDays: number | null;
  /** Needs a separate, explicit grant (PIPL Art. 23, 29): partners and sensitive categories. */
  separateConsent: boolean;
};

export type NoticeContent = {
  controller: Localized;
  contact: string;
  purposes: NoticePurposeSpec[];
};

const us: Localized = { zh: '社保通（本服务）', en: 'Shebao (this service)' };

export const NOTICE_V1: NoticeContent = {
  controller: { zh: '社保通服务运营方', en: 'The operator of the Shebao service' },
  contact: 'privacy@shebao.example',
  purposes: [
    {
      purpose: 'SERVICE',
      name: { zh: '提供社保查询服务', en: 'Providing the service' },
      description: {
        zh: '注册和登录账号、绑定社保卡、向您展示参保、缴费、余额与就医信息，以及记录您的设备以便管理登录。',
        en: 'Registering and signing in, linking your card, showing your participation, contributions, balances and medical records, and recording your devices so you can manage sign-ins.',
      },
      categories: [
        'account.contact',
        'account.profile',
        'identity.basic',
        'identity.document',
        'insurance.status',
        'insurance.contributions',
        'insurance.balance',
        'medical.records',
        'device.info',
        'device.logs',
        'location',
        'app.instance',
      ],
      necessaryCategories: ['account.contact', 'account.profile', 'identity.basic', 'insurance.status'],
      recipients: [us],
      retentionDays: 30,
      separateConsent: true,
    },
    {
      purpose: 'LOCAL_CACHE',
      name: { zh: '在您的设备上离线保存', en: 'Keeping data on your device for offline use' },
      description: {
        zh: '把您选择的类别加密保存在本设备上，以便离线查看。撤回后，本设备及您其他设备上的副本都会被清除。',
        en: 'Keeping the categories you choose encrypted on this device so you can read them offline. Withdrawing removes the copies on this and your other devices.',
      },
      categories: [
        'account.contact',
        'account.profile',
        'identity.basic',
        'identity.document',
        'insurance.status',
        'insurance.contributions',
        'insurance.balance',
        'medical.records',
        'device.info',
        'app.instance',
      ],
      necessaryCategories: [],
      recipients: [{ zh: '仅您的设备', en: 'Your devices only' }],
      retentionDays: 7,
      separateConsent: true,
    },
    {
      purpose: 'PARTNER_SHARING',
      name: { zh: '应您的请求与合作方共享', en: 'Sharing with a partner at your request' },
      description: {
        zh: '当您授权某个合作方应用时，仅向该合作方提供您逐项同意的类别，用于您向其提出的服务。您可随时撤回。',
        en: 'When you authorise a partner app, only the categories you agree to, one by one, go to that partner, for the service you asked it for. You can withdraw at any time.',
      },
      categories: [
        'account.profile',
        'identity.basic',
        'identity.document',
        'insurance.status',
        'insurance.contributions',
        'insurance.balance',
        'medical.records',
      ],
      necessaryCategories: [],
      recipients: [{ zh: '您指定的合作方', en: 'The partner you name' }],
      retentionDays: 0,
      separateConsent: true,
    },
    {
      purpose: 'PLATFORM_SYNC',
      name: { zh: '与全国社会保障卡服务平台同步', en: 'Syncing with the national social security card platform' },
      description: {
        zh: '完成实名认证后，经您单独同意，将设备环境信息和位置信息提供给全国社会保障卡服务平台，用于其安全核验。',
        en: 'After real-name verification and with your separate agreement, device environment and location go to the national social security card platform for its security checks.',
      },
      categories: ['device.info', 'location'],
      necessaryCategories: [],
      recipients: [{ zh: '全国社会保障卡服务平台', en: 'National social security card platform' }],
      retentionDays: 0,
      separateConsent: true,
    },
    {
      purpose: 'PRODUCT_NOTICES',
      name: { zh: '产品通知', en: 'Product notices' },
      description: {
        zh: '向您发送有关功能变化和服务条件的通知。不同意不影响使用。',
        en: 'Telling you about changes to features and terms. Saying no does not affect the service.',
      },
      categories: ['account.contact'],
      necessaryCategories: [],
      recipients: [us],
      retentionDays: 0,
      separateConsent: false,
    },
    {
      purpose: 'RESEARCH',
      name: { zh: '统计研究与公共卫生', en: 'Aggregate research and public health' },
      description: {
        zh: '仅以汇总统计形式用于研究，人数少于 10 人的分组不予公开，研究人员无法读取任何个人记录。',
        en: 'Used only in aggregate statistics; groups of fewer than 10 people are suppressed and researchers never see a personal record.',
      },
      categories: ['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records'],
      necessaryCategories: [],
      recipients: [{ zh: '经批准的研究人员（仅汇总数据）', en: 'Approved researchers (aggregates only)' }],
      retentionDays: 365,
      separateConsent: true,
    },
    {
      purpose: 'SERVICE_IMPROVEMENT',
      name: { zh: '改进服务', en: 'Improving the service' },
      description: {
        zh: '分析崩溃与使用情况以改进产品，仅使用去标识化的数据。',
        en: 'Analysing crashes and usage to improve the product, using de-identified data only.',
      },
      categories: ['device.info', 'device.logs', 'app.instance'],
      necessaryCategories: [],
      recipients: [us],
      retentionDays: 90,
      separateConsent: false,
    },
    {
      purpose: 'SECURITY',
      name: { zh: '账号与数据安全', en: 'Account and data security' },
      description: {
        zh: '识别异常登录、防范欺诈。',
        en: 'Detecting unusual sign-ins and preventing fraud.',
      },
      categories: ['account.contact', 'device.info', 'app.instance'],
      necessaryCategories: ['account.contact'],
      recipients: [us],
      retentionDays: 180,
      separateConsent: false,
    },
    {
      purpose: 'LEGAL_OBLIGATION',
      name: { zh: '履行法定义务', en: 'Meeting legal obligations' },
      description: {
        zh: '在法律要求时，向有权机关提供必要信息；我们会记录每一次提供。',
        en: 'Providing what the law requires to authorities entitled to it; every disclosure is recorded.',
      },
      categories: ['account.contact', 'identity.basic', 'identity.document'],
      necessaryCategories: ['account.contact', 'identity.basic', 'identity.document'],
      recipients: [{ zh: '依法有权的机关', en: 'Authorities entitled by law' }],
      retentionDays: null,
      separateConsent: false,
    },
  ],
};
