// A stand-in for the real server, built from docs/api-contract.md, for exercising the PWA while
// the server is being written (SHEBAO_E2E_SERVER=contract). It serves client/dist, trusted
// documents from client/src/gql/persisted-documents.json, a cookie session, consent with
// FORBIDDEN denials and extensions.dataCategories / consentVersion. Not a product; no security.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID, createHash } from 'node:crypto';
import { buildSchema, graphql, GraphQLError } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = join(here, '../..');
const repo = join(clientDir, '..');

function contractSdl() {
  const md = readFileSync(join(repo, 'docs/api-contract.md'), 'utf8');
  let sdl = md.split('```graphql')[1].split('```')[0];
  const mr = 'id: ID!, kind: MedicalRecordKind, date: LocalDate, institution: String, department: String, city: String, totalCost: Float, fundPaid: Float, personalAccountPaid: Float, outOfPocket: Float';
  sdl = sdl.replaceAll('...MedicalRecord fields', mr);
  return sdl.split('\n').map((l) => l.split('#')[0]).join('\n');
}

const SENSITIVE = new Set(['identity.document', 'insurance.contributions', 'insurance.balance', 'medical.records', 'location']);
const CATEGORIES = ['account.contact', 'account.profile', 'identity.basic', 'identity.document', 'insurance.status', 'insurance.contributions', 'insurance.balance', 'medical.records', 'device.info', 'device.logs', 'location', 'app.instance'];
const PURPOSES = ['SERVICE', 'PARTNER_SHARING', 'RESEARCH', 'LOCAL_CACHE'];

function rng(seed) {
  let s = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function monthKey(d, back) {
  const x = new Date(d.getFullYear(), d.getMonth() - back, 1);
  return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}`;
}

function insuranceData(card) {
  const r = rng(card);
  const now = new Date();
  const contributions = [];
  for (let back = 0; back < 48; back++) {
    const month = monthKey(now, back);
    for (const type of ['PENSION', 'MEDICAL', 'UNEMPLOYMENT']) {
      const base = 8000 + Math.round(r() * 4000);
      const rates = { PENSION: [0.16, 0.08], MEDICAL: [0.095, 0.02], UNEMPLOYMENT: [0.005, 0.005] }[type];
      contributions.push({ __typename: 'Contribution', id: `c-${month}-${type}`, month, insuranceType: type, base, employerPart: +(base * rates[0]).toFixed(2), personalPart: +(base * rates[1]).toFixed(2), status: back === 0 ? 'PENDING' : 'PAID', employer: '示例科技有限公司' });
    }
  }
  const records = [];
  for (let i = 0; i < 45; i++) {
    const kind = ['OUTPATIENT', 'OUTPATIENT', 'PHARMACY', 'INPATIENT'][Math.floor(r() * 4)];
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - Math.floor(r() * 360));
    const totalCost = +(kind === 'INPATIENT' ? 5000 + r() * 20000 : 50 + r() * 600).toFixed(2);
    const fundPaid = +(totalCost * (kind === 'INPATIENT' ? 0.7 : 0.3)).toFixed(2);
    const personalAccountPaid = +((totalCost - fundPaid) * 0.5).toFixed(2);
    const base = { id: `mr-${i}`, kind, date: d.toISOString().slice(0, 10), institution: ['市第一人民医院', '社区卫生服务中心', '大药房连锁'][i % 3], department: ['内科', '外科', '药房'][i % 3], city: '上海', totalCost, fundPaid, personalAccountPaid, outOfPocket: +(totalCost - fundPaid - personalAccountPaid).toFixed(2) };
    if (kind === 'INPATIENT') records.push({ ...base, __typename: 'InpatientStay', days: 3 + (i % 5), dischargeDate: base.date });
    else if (kind === 'PHARMACY') records.push({ ...base, __typename: 'PharmacyPurchase', itemCount: 1 + (i % 4) });
    else records.push({ ...base, __typename: 'OutpatientVisit' });
  }
  records.sort((a, b) => (a.date < b.date ? 1 : -1));
  return { contributions, records };
}

class Denied extends GraphQLError {
  constructor(category, reason = 'NO_CONSENT') {
    super(`Not permitted: ${category}`, { extensions: { code: 'FORBIDDEN', category, reason } });
  }
}
const coded = (code, message = code) => new GraphQLError(message, { extensions: { code } });

export async function startContractServer({ port = 0, host = '127.0.0.1' } = {}) {
  const schema = buildSchema(contractSdl());
  const docs = JSON.parse(readFileSync(join(clientDir, 'src/gql/persisted-documents.json'), 'utf8'));
  const accounts = new Map();
  const sessions = new Map();
  const codes = new Map();

  function newAccount(phone, password, displayName) {
    const a = { id: randomUUID(), phone, password, displayName, card: null, events: [], version: 0, devices: [], installations: [], activity: [], locations: [] };
    accounts.set(phone, a);
    return a;
  }
  function consent(a, kind, purpose, categories, recipient = { type: 'SERVICE', partnerId: null }) {
    a.version++;
    a.events.push({ id: `e${a.events.length + 1}`, kind, purpose, recipient, categories, noticeVersion: 1, at: new Date().toISOString(), receiptId: randomUUID() });
  }
  function grants(a) {
    const state = new Map();
    for (const e of a.events) {
      for (const c of e.categories) {
        const k = `${e.purpose}|${e.recipient.type}|${e.recipient.partnerId ?? ''}|${c}`;
        if (e.kind === 'GRANT') state.set(k, e);
        else state.delete(k);
      }
    }
    const byEvent = new Map();
    for (const [k, e] of state) {
      const c = k.split('|')[3];
      if (!byEvent.has(e)) byEvent.set(e, []);
      byEvent.get(e).push(c);
    }
    return [...byEvent].map(([e, cats]) => ({ e, cats }));
  }
  function allowed(a, category) {
    return grants(a).some(({ e, cats }) => e.purpose === 'SERVICE' && e.recipient.type === 'SERVICE' && cats.includes(category));
  }

  const demo = newAccount('13800138000', 'Shebao-demo-2026', '张三');
  demo.card = 'DEMO12345';
  consent(demo, 'GRANT', 'SERVICE', CATEGORIES);
  consent(demo, 'GRANT', 'LOCAL_CACHE', CATEGORIES);

  const noticePurposes = (locale) =>
    PURPOSES.map((p) => ({
      purpose: p,
      name: locale === 'EN' ? { SERVICE: 'Providing the service', PARTNER_SHARING: 'Sharing with a partner', RESEARCH: 'Research', LOCAL_CACHE: 'Keeping data on this device' }[p] : { SERVICE: '提供服务', PARTNER_SHARING: '向合作方提供', RESEARCH: '统计研究', LOCAL_CACHE: '在本设备离线保存' }[p],
      description: locale === 'EN' ? `What we do for “${p}”.` : `用于「${p}」的处理说明。`,
      categories: (p === 'RESEARCH' ? ['insurance.status', 'medical.records'] : CATEGORIES).map((id) => ({ id, name: id, sensitive: SENSITIVE.has(id) })),
      recipients: [p === 'PARTNER_SHARING' ? 'Partners' : 'Shebao'],
      retentionDays: p === 'LOCAL_CACHE' ? 7 : 365,
      necessary: p === 'SERVICE',
      separateConsent: p === 'PARTNER_SHARING' || p === 'RESEARCH',
    }));
  const partners = [{ id: 'p1', name: '健康管家', description: 'Demo partner app', registeredCategories: ['insurance.status', 'medical.records'] }];

  function person(a, ctx) {
    const tag = (category, value) => () => {
      if (!allowed(a, category)) throw new Denied(category);
      ctx.categories.add(category);
      return typeof value === 'function' ? value() : value;
    };
    const data = a.card ? insuranceData(a.card) : null;
    return {
      id: a.id,
      phone: tag('account.contact', a.phone),
      profile: tag('account.profile', { displayName: a.displayName, photoUrl: null, isPublic: false }),
      identity: tag('identity.basic', a.card ? { realName: '张三', gender: '男', ethnicity: '汉', birthday: '1990-01-01' } : null),
      documents: tag('identity.document', a.card ? { idNumber: '310************1234', cardNumber: a.card } : null),
      insurance: tag('insurance.status', () =>
        data ? { city: '上海', employer: '示例科技有限公司', contributionYears: 8.5, participations: ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'].map((t, i) => ({ insuranceType: t, status: i < 4 ? 'ACTIVE' : 'SUSPENDED', employer: '示例科技有限公司', since: '2018-03-01', contributionMonths: 100 - i * 7 })) } : null,
      ),
      contributions: (args) => tag('insurance.contributions', () => data?.contributions.filter((c) => (!args.from || c.month >= args.from) && (!args.to || c.month <= args.to)) ?? null)(),
      balances: tag('insurance.balance', () => (data ? [{ accountType: 'PENSION_PERSONAL', amount: 86543.21, asOf: '2026-10-31' }, { accountType: 'MEDICAL_PERSONAL', amount: 4321.5, asOf: '2026-10-31' }] : null)),
      medicalRecords: (args) =>
        tag('medical.records', () => {
          if (!data) return null;
          const f = args.filter ?? {};
          const list = data.records.filter((r) => (!f.kind || r.kind === f.kind) && (!f.from || r.date >= f.from) && (!f.to || r.date <= f.to));
          const start = args.after ? Number(args.after) : 0;
          const nodes = list.slice(start, start + (args.first ?? 20));
          return { nodes, totalCount: list.length, pageInfo: { endCursor: String(start + nodes.length), hasNextPage: start + nodes.length < list.length } };
        })(),
      medicalSpending: (args) =>
        tag('medical.records', () => {
          if (!data) return null;
          const now = new Date();
          return Array.from({ length: args.months ?? 12 }, (_, i) => {
            const m = monthKey(now, (args.months ?? 12) - 1 - i);
            const rs = data.records.filter((r) => r.date.startsWith(m));
            const sum = (k) => +rs.reduce((s, r) => s + r[k], 0).toFixed(2);
            return { month: m, totalCost: sum('totalCost'), fundPaid: sum('fundPaid'), personalAccountPaid: sum('personalAccountPaid'), outOfPocket: sum('outOfPocket') };
          });
        })(),
      devices: tag('device.info', () => a.devices),
      installations: tag('app.instance', () => a.installations),
      activity: tag('device.logs', () => a.activity.slice(-20)),
      locationSamples: tag('location', () => a.locations.slice(-20)),
      consents: () => ({
        version: a.version,
        noticeVersion: 1,
        renewalNeeded: [],
        grants: grants(a).map(({ e, cats }) => ({
          purpose: e.purpose,
          recipient: { ...e.recipient, name: e.recipient.type === 'PARTNER' ? partners[0].name : '社保通' },
          categories: cats,
          noticeVersion: 1,
          grantedAt: e.at,
          expiresAt: null,
          current: true,
          receipt: { id: e.receiptId, jws: `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify({ purpose: e.purpose, categories: cats })).toString('base64url')}.sig`, payload: { purpose: e.purpose, categories: cats }, consentVersion: a.version },
        })),
        history: () => [...a.events].reverse().map((e) => ({ ...e, recipient: { ...e.recipient, name: '社保通' } })),
      }),
      accessLog: () => ({ nodes: [{ id: 'a1', principalType: 'PARTNER', partner: partners[0], categories: ['insurance.status'], purpose: 'PARTNER_SHARING', operationName: 'PartnerStatus', at: new Date().toISOString() }], pageInfo: { endCursor: null, hasNextPage: false } }),
    };
  }

  function needAccount(ctx) {
    if (!ctx.account) throw coded('UNAUTHENTICATED');
    return ctx.account;
  }
  function signInAs(ctx, a) {
    const token = randomUUID();
    sessions.set(token, a.phone);
    ctx.setCookie = `shebao_session=${token}; HttpOnly; Path=/; SameSite=Lax`;
    return { token, expiresAt: new Date(Date.now() + 86400000).toISOString() };
  }
  const collect = (category, fn) => (args, ctx) => {
    const a = needAccount(ctx);
    if (!allowed(a, category)) throw coded('CONSENT_REQUIRED');
    fn(a, args);
    return true;
  };

  const root = {
    me: (_a, ctx) => (ctx.account ? person(ctx.account, ctx) : null),
    privacyNotice: ({ locale }) => ({ version: 1, hash: 'sha256:' + 'ab'.repeat(32), publishedAt: '2026-10-01T00:00:00Z', locale: locale ?? 'ZH_CN', title: locale === 'EN' ? 'Shebao privacy notice' : '社保通隐私声明', text: locale === 'EN' ? 'Contract-server notice text.' : '契约测试服务器的声明文本。', purposes: noticePurposes(locale) }),
    privacyNoticeChanges: () => [],
    partners: () => partners,
    developmentSmsCode: ({ phone }) => codes.get(phone) ?? null,
    requestRegistrationCode: ({ phone }) => {
      codes.set(phone, '246810');
      return true;
    },
    register: ({ input }, ctx) => {
      if (accounts.has(input.phone)) throw coded('PHONE_TAKEN');
      if (codes.get(input.phone) !== input.code) throw coded('CODE_INVALID');
      return signInAs(ctx, newAccount(input.phone, input.password, input.displayName ?? null));
    },
    signIn: ({ phone, password }, ctx) => {
      const a = accounts.get(phone);
      if (!a || a.password !== password) throw coded('INVALID_CREDENTIALS');
      return signInAs(ctx, a);
    },
    signOut: (_a, ctx) => {
      ctx.clearSite = true;
      return true;
    },
    deleteAccount: ({ password }, ctx) => {
      const a = needAccount(ctx);
      if (a.password !== password) throw coded('INVALID_CREDENTIALS');
      accounts.delete(a.phone);
      ctx.clearSite = true;
      return true;
    },
    linkSocialInsuranceCard: ({ cardNumber, queryPassword }, ctx) => {
      const a = needAccount(ctx);
      if (cardNumber.startsWith('PWFAIL') || queryPassword !== '123456') throw coded('CARD_PASSWORD_INVALID');
      if (cardNumber.startsWith('NOTFOUND')) throw coded('CARD_NOT_FOUND');
      a.card = cardNumber;
      return person(a, ctx);
    },
    refreshSocialInsuranceData: (_a, ctx) => person(needAccount(ctx), ctx),
    grantConsent: ({ input }, ctx) => {
      const a = needAccount(ctx);
      consent(a, 'GRANT', input.purpose, input.categories, { type: input.recipient.type, partnerId: input.recipient.partnerId ?? null });
      const e = a.events.at(-1);
      return { id: e.receiptId, jws: 'x.y.z', payload: { purpose: input.purpose }, consentVersion: a.version };
    },
    withdrawConsent: ({ input }, ctx) => {
      const a = needAccount(ctx);
      consent(a, 'WITHDRAW', input.purpose, input.categories ?? CATEGORIES, { type: input.recipient.type, partnerId: input.recipient.partnerId ?? null });
      return person(a, ctx).consents();
    },
    reportDevice: collect('device.info', (a, { input }) => {
      const now = new Date().toISOString();
      const existing = a.devices.find((d) => d.deviceIdentifier === input.deviceIdentifier);
      if (existing) existing.lastSeenAt = now;
      else a.devices.push({ id: randomUUID(), ...input, firstSeenAt: now, lastSeenAt: now, installations: [] });
    }),
    reportInstallation: collect('app.instance', (a, { input }) => {
      const at = new Date().toISOString();
      let inst = a.installations.find((i) => i.installationNumber === input.installationNumber);
      if (!inst) a.installations.push((inst = { id: randomUUID(), installationNumber: input.installationNumber, appVersion: input.appVersion, osType: input.osType, installedAt: at, events: [] }));
      inst.appVersion = input.appVersion;
      inst.events.push({ kind: input.event, appVersion: input.appVersion, at });
    }),
    reportDeviceEvent: collect('device.logs', (a, { input }) => a.activity.push({ __typename: 'DeviceEvent', ...input, at: new Date().toISOString() })),
    reportSearch: collect('device.logs', (a, { query }) => a.activity.push({ __typename: 'SearchLogEntry', query, at: new Date().toISOString() })),
    reportLocation: collect('location', (a, { input }) => a.locations.push({ ...input, at: new Date().toISOString() })),
    updateProfile: () => null,
    exportMyData: (_a, ctx) => ({ account: { phone: needAccount(ctx).phone }, exportedAt: new Date().toISOString() }),
  };

  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.json': 'application/json' };
  const dist = join(clientDir, 'dist');
  const log = { withdrawals: [] };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/healthz' || url.pathname === '/readyz') {
      res.writeHead(200).end('ok');
      return;
    }
    if (url.pathname === '/graphql' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const body = JSON.parse(raw || '{}');
      const source = docs[body.documentId];
      const token = /(?:^|;\s*)shebao_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const account = token && sessions.has(token) ? accounts.get(sessions.get(token)) : null;
      const ctx = { account, categories: new Set(), setCookie: null, clearSite: false };
      const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
      if (!source) {
        res.writeHead(400, headers).end(JSON.stringify({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] }));
        return;
      }
      const result = await graphql({ schema, source, rootValue: root, contextValue: ctx, variableValues: body.variables, operationName: body.operationName });
      if (/^mutation WithdrawConsent/.test(source)) log.withdrawals.push(body.variables.input);
      const who = ctx.account ?? (accounts.get(sessions.get(token)) || null);
      const out = { ...result, extensions: { dataCategories: [...ctx.categories].sort(), consentVersion: who ? who.version : null } };
      if (ctx.setCookie) headers['set-cookie'] = ctx.setCookie;
      if (ctx.clearSite) {
        if (token) sessions.delete(token);
        headers['set-cookie'] = 'shebao_session=; Max-Age=0; Path=/';
        headers['clear-site-data'] = '"cookies"';
      }
      res.writeHead(200, headers).end(JSON.stringify(out));
      return;
    }
    let file = join(dist, decodeURIComponent(url.pathname));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
    const h = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    if (file.endsWith('sw.js') || file.endsWith('.html')) h['cache-control'] = 'no-cache';
    res.writeHead(200, h).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return { url: `http://${host}:${address.port}`, log, close: () => new Promise((r) => server.close(r)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startContractServer({ port: Number(process.env.PORT ?? 4000) });
  console.log(`listening on ${s.url}`);
}
