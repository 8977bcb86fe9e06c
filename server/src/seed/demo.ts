// Demo data for the first start with an empty database: the privacy notice (version 1), three
// partner apps and one demo person with a linked card, two devices and a little collected data.
// Everything here is synthetic; the demo credentials below are public on purpose.
// Consent grants for the demo person are not written here: they go through the consent service
// (seed/demo-consents.ts) after this returns, like anyone else's.
import { sql } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import { hashNotice, NOTICE_CHANNEL } from '../authz/notice-registry.js';
import type { FieldCrypto } from '../config/field-crypto.js';
import { crashPoint } from '../lib/crash-point.js';
import { rowsOf, type Database, type Executor } from '../db/database.js';
import {
  accounts,
  appInstallations,
  deviceEvents,
  devices,
  installationEvents,
  locationSamples,
  noticeVersions,
  partners,
  searchLogs,
} from '../db/schema.js';
import { NOTICE_V1 } from '../modules/consent/index.js';
import { replaceInsuranceRecord } from '../modules/insurance/index.js';
import type { SocialInsurancePlatform } from '../platform/platform.js';
import { SIMULATED_QUERY_PASSWORD } from '../platform/simulated-platform.js';
import { cityCoordinates } from '../platform/synthetic-person.js';

export const DEMO_PHONE = '13800138000';
export const DEMO_PHONE_E164 = '+8613800138000';
export const DEMO_PASSWORD = 'Shebao-demo-2026';
const DEMO_DISPLAY_NAME = '演示用户';
/** The simulator gives DEMO… cards about ten years of history. */
export const DEMO_CARD_NUMBER = 'DEMO00001';
const DEMO_CARD_QUERY_PASSWORD = SIMULATED_QUERY_PASSWORD;

/** Where the example partner (examples/partner) listens for its callback. */
export const DEMO_PARTNER_REDIRECT_URI = 'http://127.0.0.1:4010/callback';

type DemoPartnerBase = {
  clientId: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  contact: string;
  purposes: { zh: string; en: string }[];
  registeredCategories: DataCategory[];
  redirectUris: string[];
  maxGrantDays: number;
};

/**
 * Demo partners are sandbox clients (http on loopback allowed). Their credentials are public on
 * purpose so the flow works on a fresh start: a key pair whose private half is committed in
 * examples/partner/sandbox-private-key.json, or a published sandbox secret (stored as argon2id).
 */
export type DemoPartner = DemoPartnerBase &
  ({ clientAuth: 'private_key_jwt'; publicJwk: Record<string, string> } | { clientAuth: 'client_secret_basic'; clientSecret: string } | { clientAuth: 'none' });

/** The demo partner the demo person shares with, and the one examples/partner acts as. */
export const DEMO_INSURER_CLIENT_ID = 'demo-insurer';
/** GraphiQL's "as partner": a public PKCE client, honoured outside production only. */
export const GRAPHIQL_CLIENT_ID = 'shebao-graphiql';

/** The public half of examples/partner/sandbox-private-key.json. */
const DEMO_INSURER_PUBLIC_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'XBnGoCcye_7UB0YrR9-GYSIgUDRYdKJ-D5Dkuz7vSlU',
  y: 'WWBPB9wr7UZEUjLqKrEufPengy9B7PyZcQEdSO_ZK5g',
  kid: 'demo-insurer-sandbox-1',
  alg: 'ES256',
  use: 'sig',
};

export const DEMO_PARTNERS: readonly DemoPartner[] = [
  {
    clientId: DEMO_INSURER_CLIENT_ID,
    clientAuth: 'private_key_jwt',
    publicJwk: DEMO_INSURER_PUBLIC_JWK,
    name: '安康健康保险（演示）',
    nameEn: 'Ankang Health Insurance (demo)',
    description: '商业健康险：根据您的参保与就医情况核保和理赔。',
    descriptionEn: 'Commercial health insurance: underwriting and claims from your insurance status and medical records.',
    contact: 'privacy@ankang.example',
    purposes: [
      { zh: '健康险核保：评估您的投保申请', en: 'Health insurance underwriting: assessing your application' },
      { zh: '理赔：核实您提交的医疗费用', en: 'Claims: checking the medical costs you submit' },
    ],
    registeredCategories: ['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records'],
    redirectUris: [DEMO_PARTNER_REDIRECT_URI],
    maxGrantDays: 90,
  },
  {
    clientId: 'demo-lender',
    clientAuth: 'client_secret_basic',
    clientSecret: 'demo-lender-sandbox-secret-not-for-production',
    name: '安居公积金贷（演示）',
    nameEn: 'Anju Housing Loans (demo)',
    description: '住房贷款：核实身份、缴费记录与个人账户余额以评估贷款申请。',
    descriptionEn: 'Housing loans: verifies identity, contribution history and account balances to assess an application.',
    contact: 'privacy@anju.example',
    purposes: [{ zh: '住房贷款审批：核实您的缴费与余额', en: 'Housing loan approval: checking your contributions and balances' }],
    registeredCategories: ['identity.basic', 'identity.document', 'insurance.status', 'insurance.contributions', 'insurance.balance'],
    redirectUris: [DEMO_PARTNER_REDIRECT_URI],
    maxGrantDays: 30,
  },
  {
    clientId: 'demo-health',
    clientAuth: 'client_secret_basic',
    clientSecret: 'demo-health-sandbox-secret-not-for-production',
    name: '悦康体检（演示）',
    nameEn: 'Yuekang Health Checks (demo)',
    description: '体检与健康管理：根据就医记录推荐体检项目。',
    descriptionEn: 'Health checks: suggests check-up packages from your medical records.',
    contact: 'privacy@yuekang.example',
    purposes: [{ zh: '根据您的就医记录推荐体检项目', en: 'Suggesting check-ups from your medical records' }],
    registeredCategories: ['account.profile', 'identity.basic', 'medical.records'],
    redirectUris: [DEMO_PARTNER_REDIRECT_URI],
    maxGrantDays: 365,
  },
  {
    clientId: GRAPHIQL_CLIENT_ID,
    clientAuth: 'none',
    name: 'GraphiQL（开发者调试）',
    nameEn: 'GraphiQL (developer testing)',
    description: '开发环境中，开发者在 GraphiQL 里以合作方身份试用接口。',
    descriptionEn: 'In development, a developer trying the API as a partner from GraphiQL.',
    contact: 'developers@shebao.example',
    purposes: [{ zh: '开发调试：以合作方身份试用接口', en: 'Development: trying the API as a partner' }],
    registeredCategories: ['account.profile', 'identity.basic', 'identity.document', 'insurance.status', 'insurance.contributions', 'insurance.balance', 'medical.records'],
    // Its redirect is `<public URL>/graphiql`, supplied by the server (see partner-clients.ts).
    redirectUris: [],
    maxGrantDays: 1,
  },
];

/** Serialises concurrent first starts of several instances on one database. */
const SEED_LOCK = 7_270_001;

export type SeedDemoDeps = {
  crypto: FieldCrypto;
  hashPassword: (password: string) => Promise<string>;
  platform: SocialInsurancePlatform;
};

async function hasNotice(db: Executor): Promise<boolean> {
  return (await db.select({ version: noticeVersions.version }).from(noticeVersions).limit(1)).length > 0;
}

/**
 * Seeds the demo on an empty database and returns the demo person's account id, whose consents the
 * caller grants next (seed/demo-consents.ts, one transaction). On a database that is not new it
 * changes nothing and returns null, unless a first start was killed between the two steps: then
 * it returns the demo person again, so the grants are made now.
 */
export async function seedDemo(db: Database, deps: SeedDemoDeps): Promise<{ accountId: string } | null> {
  if (await hasNotice(db)) return interruptedSeed(db, deps.crypto);
  // The slow parts (argon2, the platform) happen before the transaction, which stays short.
  const [passwordHash, ...secretHashes] = await Promise.all([
    deps.hashPassword(DEMO_PASSWORD),
    ...DEMO_PARTNERS.map((p) => (p.clientAuth === 'client_secret_basic' ? deps.hashPassword(p.clientSecret) : Promise.resolve(''))),
  ]);
  const record = await deps.platform.fetchRecord(DEMO_CARD_NUMBER, DEMO_CARD_QUERY_PASSWORD);
  const now = new Date();

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK}::bigint)`);
    if (await hasNotice(tx)) return null; // another instance got there first

    await tx.insert(noticeVersions).values({ version: 1, content: NOTICE_V1, contentHash: hashNotice(NOTICE_V1), publishedAt: now });
    await tx.insert(partners).values(
      DEMO_PARTNERS.map((p, i) => ({
        clientId: p.clientId,
        clientSecretHash: secretHashes[i]!,
        name: p.name,
        nameEn: p.nameEn,
        description: p.description,
        descriptionEn: p.descriptionEn,
        contact: p.contact,
        purposes: p.purposes,
        registeredCategories: p.registeredCategories,
        redirectUris: p.redirectUris,
        clientAuthMethod: p.clientAuth,
        jwks: p.clientAuth === 'private_key_jwt' ? { keys: [p.publicJwk] } : null,
        sandbox: true,
        maxGrantDays: p.maxGrantDays,
      })),
    );
    const [account] = await tx
      .insert(accounts)
      .values({
        phoneHash: deps.crypto.lookupHash(DEMO_PHONE_E164),
        phoneEncrypted: deps.crypto.encrypt(DEMO_PHONE_E164),
        passwordHash,
        displayName: DEMO_DISPLAY_NAME,
        createdAt: daysAgo(now, 400),
      })
      .returning({ id: accounts.id });
    const accountId = account!.id;
    await replaceInsuranceRecord(tx, deps.crypto, accountId, record, daysAgo(now, 380));
    await seedDemoDevices(tx, accountId, record.profile.city, now);
    await tx.execute(sql`select pg_notify(${NOTICE_CHANNEL}, '1')`);
    crashPoint('seed:in-transaction');
    return { accountId };
  });
}

/** The demo person, if seeded but never given a consent (no event at all: the grants did not run). */
async function interruptedSeed(db: Executor, crypto: FieldCrypto): Promise<{ accountId: string } | null> {
  const accountId = await findDemoAccountId(db, crypto);
  if (!accountId) return null;
  const [event] = rowsOf<{ id: number }>(await db.execute(sql`select id from consent_events where account_id = ${accountId} limit 1`));
  return event ? null : { accountId };
}

const daysAgo = (now: Date, days: number, minutes = 0) => new Date(now.getTime() - days * 86_400_000 - minutes * 60_000);

/** A phone and a tablet, their installations and a little of what each collects. */
async function seedDemoDevices(tx: Executor, accountId: string, city: string, now: Date): Promise<void> {
  const [phone, tablet] = await tx
    .insert(devices)
    .values([
      {
        accountId,
        model: 'HUAWEI Mate 60 Pro',
        osVersion: 'HarmonyOS 4.2.0',
        deviceIdentifier: '6f1c2a9e-3b7d-4c58-9e21-d04b7a5f8c13',
        network: 'WIFI',
        firstSeenAt: daysAgo(now, 380),
        lastSeenAt: daysAgo(now, 0, 35),
      },
      {
        accountId,
        model: 'iPad Air (M2)',
        osVersion: 'iPadOS 18.1',
        deviceIdentifier: 'A3E1F7C2-58B4-4D0E-9C6A-1B2F3D4E5A60',
        network: '5G',
        firstSeenAt: daysAgo(now, 120),
        lastSeenAt: daysAgo(now, 3, 200),
      },
    ])
    .returning({ id: devices.id });

  const [phoneApp, tabletApp] = await tx
    .insert(appInstallations)
    .values([
      { accountId, deviceId: phone!.id, installationNumber: 'SBT-7F3K-9Q2M', appVersion: '1.4.2', osType: 'HarmonyOS', installedAt: daysAgo(now, 380) },
      { accountId, deviceId: tablet!.id, installationNumber: 'SBT-2C8R-5W1X', appVersion: '1.4.2', osType: 'iPadOS', installedAt: daysAgo(now, 120) },
    ])
    .returning({ id: appInstallations.id });

  await tx.insert(installationEvents).values([
    { accountId, installationId: phoneApp!.id, kind: 'INSTALL', appVersion: '1.2.0', at: daysAgo(now, 380) },
    { accountId, installationId: phoneApp!.id, kind: 'UPDATE', appVersion: '1.3.1', at: daysAgo(now, 210) },
    { accountId, installationId: phoneApp!.id, kind: 'UPDATE', appVersion: '1.4.2', at: daysAgo(now, 25) },
    { accountId, installationId: tabletApp!.id, kind: 'INSTALL', appVersion: '1.3.1', at: daysAgo(now, 120) },
    { accountId, installationId: tabletApp!.id, kind: 'UPDATE', appVersion: '1.4.2', at: daysAgo(now, 24) },
  ]);

  await tx.insert(deviceEvents).values([
    { accountId, kind: 'ACTIVITY', detail: 'app opened', at: daysAgo(now, 0, 35) },
    { accountId, kind: 'REQUEST', detail: 'contributions loaded in 182 ms', at: daysAgo(now, 0, 34) },
    { accountId, kind: 'SETTINGS', detail: 'language set to zh-CN', at: daysAgo(now, 6, 80) },
    { accountId, kind: 'ACTIVITY', detail: 'signed in', at: daysAgo(now, 3, 200) },
    { accountId, kind: 'CRASH', detail: 'chart view closed unexpectedly (1.4.1)', at: daysAgo(now, 27, 500) },
  ]);

  await tx.insert(searchLogs).values([
    { accountId, query: '医保报销比例', at: daysAgo(now, 1, 120) },
    { accountId, query: '异地就医备案', at: daysAgo(now, 9, 30) },
    { accountId, query: '养老金怎么计算', at: daysAgo(now, 15, 700) },
    { accountId, query: '社保转移接续', at: daysAgo(now, 40, 60) },
  ]);

  const centre = cityCoordinates(city) ?? { latitude: 39.9042, longitude: 116.4074 };
  await tx.insert(locationSamples).values([
    { accountId, source: 'GPS', latitude: centre.latitude + 0.0123, longitude: centre.longitude - 0.0211, accuracyMeters: 8, at: daysAgo(now, 0, 36) },
    { accountId, source: 'WIFI', latitude: centre.latitude + 0.0119, longitude: centre.longitude - 0.0205, accuracyMeters: 35, at: daysAgo(now, 1, 125) },
    { accountId, source: 'CELL', latitude: centre.latitude - 0.031, longitude: centre.longitude + 0.044, accuracyMeters: 900, at: daysAgo(now, 3, 210) },
    { accountId, source: 'GPS', latitude: centre.latitude - 0.0042, longitude: centre.longitude + 0.0087, accuracyMeters: 12, at: daysAgo(now, 9, 35) },
  ]);
}

/** The demo person's account id, found by the phone's keyed hash. */
export async function findDemoAccountId(db: Executor, crypto: FieldCrypto): Promise<string | undefined> {
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from accounts where phone_hash = ${crypto.lookupHash(DEMO_PHONE_E164)}`));
  return rows[0]?.id;
}
