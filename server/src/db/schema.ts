// The whole domain in one drizzle schema: the same tables and migrations serve PGlite and PostgreSQL.
// Every personal table carries `account_id`, and every query of it is scoped by the subject's id.
// Its primary key and every unique key start with the account id (PERSONAL_TABLES, below, and a
// test over this schema), so the tables can be distributed by account (Citus) or hash-partitioned
// without changing a query: see docs/scaling.md.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  foreignKey,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const accountRef = () =>
  uuid('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });
/** Money in yuan with fen precision; read back as a string by the drivers, converted at the edge. */
const money = (name: string) => numeric(name, { precision: 14, scale: 2 }).notNull();

export const insuranceType = pgEnum('insurance_type', ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY']);
export const participationStatus = pgEnum('participation_status', ['ACTIVE', 'SUSPENDED', 'ENDED']);
export const contributionStatus = pgEnum('contribution_status', ['PAID', 'ARREARS', 'PENDING']);
export const balanceAccountType = pgEnum('balance_account_type', ['PENSION_PERSONAL', 'MEDICAL_PERSONAL']);
export const medicalRecordKind = pgEnum('medical_record_kind', ['OUTPATIENT', 'INPATIENT', 'PHARMACY']);
export const deviceEventKind = pgEnum('device_event_kind', ['CRASH', 'ACTIVITY', 'SETTINGS', 'REQUEST']);
export const installationEventKind = pgEnum('installation_event_kind', ['INSTALL', 'UPDATE', 'UNINSTALL']);
export const locationSource = pgEnum('location_source', ['GPS', 'WIFI', 'CELL']);
export const consentEventKind = pgEnum('consent_event_kind', ['GRANT', 'WITHDRAW']);
export const recipientType = pgEnum('recipient_type', ['SERVICE', 'PARTNER', 'PLATFORM']);
export const principalType = pgEnum('principal_type', ['PERSON', 'PARTNER', 'RESEARCHER', 'PLATFORM', 'OPERATOR', 'AUTHORITY']);
export const dataSubjectRequestKind = pgEnum('data_subject_request_kind', [
  'ACCESS',
  'EXPORT',
  'CORRECTION',
  'DELETION',
  'WITHDRAWAL',
  'TRANSFER',
  'RESTRICTION',
  'CLOSURE',
]);
export const dataSubjectRequestStatus = pgEnum('data_subject_request_status', ['RECEIVED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED']);
export const jobState = pgEnum('job_state', ['QUEUED', 'RUNNING', 'DONE', 'FAILED']);
/** How a partner authenticates at the token endpoint: its registered keys, or (sandbox only) a secret. */
/** `none` is the public GraphiQL client alone, honoured outside production only. */
/** What an SMS code was sent for; it works for nothing else. */
export const smsCodePurpose = pgEnum('sms_code_purpose', ['REGISTRATION', 'SIGN_IN', 'PASSWORD_RESET']);
/** The documents a person agrees to at registration. */
export const agreementDocument = pgEnum('agreement_document', ['USER_AGREEMENT', 'PRIVACY_NOTICE']);
export const partnerClientAuthMethod = pgEnum('partner_client_auth_method', ['private_key_jwt', 'client_secret_basic', 'none']);

// ── accounts ────────────────────────────────────────────────────────────────────────────────
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Keyed hash (HMAC-SHA256) of the normalised phone number: the look-up key. */
  phoneHash: text('phone_hash').notNull().unique(),
  /** AES-256-GCM ciphertext of the phone number. */
  phoneEncrypted: text('phone_encrypted').notNull(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name'),
  photoUrl: text('photo_url'),
  profilePublic: boolean('profile_public').notNull().default(false),
  /** Grows with every consent event; clients compare it to what they cached. */
  consentVersion: integer('consent_version').notNull().default(0),
  isResearcher: boolean('is_researcher').notNull().default(false),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: accountRef(),
    /** SHA-256 of the opaque bearer token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

export const phoneVerifications = pgTable(
  'phone_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneHash: text('phone_hash').notNull(),
    purpose: smsCodePurpose('purpose').notNull().default('REGISTRATION'),
    /** Keyed hash of purpose, number and code: a code is checked by hash, never stored. */
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('phone_verifications_phone_idx').on(t.phoneHash, t.createdAt)],
);

/**
 * What the person agreed to when registering: each document's version and content hash, and
 * when. Written in the registration's transaction; an account never exists without its row.
 */
export const accountAgreements = pgTable(
  'account_agreements',
  {
    accountId: accountRef(),
    document: agreementDocument('document').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    agreedAt: timestamp('agreed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.document, t.version] })],
);

/**
 * Attempts at a guessable secret (password, SMS code, card query password) per rule and keyed
 * hash (of a phone number, card number, account or address): one throttle shared by every instance.
 */
export const throttleCounters = pgTable(
  'throttle_counters',
  {
    scope: text('scope').notNull(),
    keyHash: text('key_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    /** After this the row says nothing any more and may be swept. */
    forgetAt: timestamp('forget_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index('throttle_counters_forget_idx').on(t.forgetAt)],
);

/**
 * Requests per key in the current fixed window: the HTTP rate limit, shared by every instance.
 * UNLOGGED (migration 0004): a crash may reset a window, and no request pays for a WAL write.
 */
export const requestCounters = pgTable(
  'request_counters',
  {
    keyHash: text('key_hash').primaryKey(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [index('request_counters_window_idx').on(t.windowStartedAt)],
);

// ── social insurance ────────────────────────────────────────────────────────────────────────
export const socialInsuranceCards = pgTable('social_insurance_cards', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  cardNumberEncrypted: text('card_number_encrypted').notNull(),
  cardNumberHash: text('card_number_hash').notNull().unique(),
  linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});

export const insuranceProfiles = pgTable('insurance_profiles', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  realName: text('real_name').notNull(),
  gender: text('gender').notNull(),
  ethnicity: text('ethnicity').notNull(),
  birthday: date('birthday', { mode: 'string' }).notNull(),
  idNumberEncrypted: text('id_number_encrypted').notNull(),
  idNumberHash: text('id_number_hash').notNull(),
  city: text('city').notNull(),
  employer: text('employer'),
});

export const participations = pgTable(
  'participations',
  {
    id: uuid('id').notNull().defaultRandom(),
    accountId: accountRef(),
    insuranceType: insuranceType('insurance_type').notNull(),
    status: participationStatus('status').notNull(),
    employer: text('employer'),
    since: date('since', { mode: 'string' }).notNull(),
    contributionMonths: integer('contribution_months').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('participations_account_type_idx').on(t.accountId, t.insuranceType),
  ],
);

export const contributions = pgTable(
  'contributions',
  {
    id: uuid('id').notNull().defaultRandom(),
    accountId: accountRef(),
    /** First day of the month the contribution is for. */
    month: date('month', { mode: 'string' }).notNull(),
    insuranceType: insuranceType('insurance_type').notNull(),
    base: money('base'),
    employerPart: money('employer_part'),
    personalPart: money('personal_part'),
    status: contributionStatus('status').notNull(),
    employer: text('employer'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('contributions_account_month_idx').on(t.accountId, t.month),
  ],
);

export const balances = pgTable(
  'balances',
  {
    accountId: accountRef(),
    accountType: balanceAccountType('account_type').notNull(),
    amount: money('amount'),
    asOf: date('as_of', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.accountType] })],
);

export const medicalRecords = pgTable(
  'medical_records',
  {
    id: uuid('id').notNull().defaultRandom(),
    accountId: accountRef(),
    kind: medicalRecordKind('kind').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    dischargeDate: date('discharge_date', { mode: 'string' }),
    itemCount: integer('item_count'),
    institution: text('institution').notNull(),
    department: text('department'),
    city: text('city').notNull(),
    totalCost: money('total_cost'),
    fundPaid: money('fund_paid'),
    personalAccountPaid: money('personal_account_paid'),
    outOfPocket: money('out_of_pocket'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('medical_records_account_date_idx').on(t.accountId, t.date, t.id),
  ],
);

// ── devices and collection (each gated by consent; deleted when the consent goes) ─────────────
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').notNull().defaultRandom(),
    accountId: accountRef(),
    model: text('model').notNull(),
    osVersion: text('os_version').notNull(),
    deviceIdentifier: text('device_identifier').notNull(),
    network: text('network'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('devices_account_identifier_idx').on(t.accountId, t.deviceIdentifier),
  ],
);

export const appInstallations = pgTable(
  'app_installations',
  {
    id: uuid('id').notNull().defaultRandom(),
    accountId: accountRef(),
    /** The device within the same account; its composite foreign key (ON DELETE SET NULL (device_id)) is in a custom migration, since drizzle cannot say "set only this column null". */
    deviceId: uuid('device_id'),
    installationNumber: text('installation_number').notNull(),
    appVersion: text('app_version').notNull(),
    osType: text('os_type').notNull(),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('app_installations_account_number_idx').on(t.accountId, t.installationNumber),
  ],
);

export const installationEvents = pgTable(
  'installation_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    accountId: accountRef(),
    installationId: uuid('installation_id').notNull(),
    kind: installationEventKind('kind').notNull(),
    appVersion: text('app_version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ columns: [t.accountId, t.installationId], foreignColumns: [appInstallations.accountId, appInstallations.id] }).onDelete('cascade'),
    index('installation_events_installation_idx').on(t.installationId, t.at),
  ],
);

export const deviceEvents = pgTable(
  'device_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    accountId: accountRef(),
    kind: deviceEventKind('kind').notNull(),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('device_events_account_at_idx').on(t.accountId, t.at),
  ],
);

export const searchLogs = pgTable(
  'search_logs',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    accountId: accountRef(),
    query: text('query').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('search_logs_account_at_idx').on(t.accountId, t.at),
  ],
);

export const locationSamples = pgTable(
  'location_samples',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    accountId: accountRef(),
    source: locationSource('source').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    accuracyMeters: doublePrecision('accuracy_meters'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('location_samples_account_at_idx').on(t.accountId, t.at),
  ],
);

// ── privacy notice, consent, partners ──────────────────────────────────────────────────────
export const noticeVersions = pgTable('notice_versions', {
  version: integer('version').primaryKey(),
  /** The notice as data: purposes with categories, recipients, retention, necessity. */
  content: jsonb('content').notNull(),
  /** SHA-256 over the canonical JSON of `content`. */
  contentHash: text('content_hash').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
});

export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  clientId: text('client_id').notNull().unique(),
  clientSecretHash: text('client_secret_hash').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description').notNull(),
  descriptionEn: text('description_en').notNull(),
  /** What the partner is registered (and contractually allowed) to receive. */
  registeredCategories: text('registered_categories').array().notNull(),
  redirectUris: text('redirect_uris').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  /** Where people and the regulator reach the partner about their data (e-mail or URL). */
  contact: text('contact'),
  /** The partner's stated purposes of processing, as shown on the consent screen: `[{ zh, en }]`. */
  purposes: jsonb('purposes').$type<{ zh: string; en: string }[]>().notNull().default([]),
  clientAuthMethod: partnerClientAuthMethod('client_auth_method').notNull().default('private_key_jwt'),
  /** Public keys (a JWKS) for `private_key_jwt`; never private keys. */
  jwks: jsonb('jwks').$type<{ keys: Record<string, unknown>[] }>(),
  /** Sandbox partners may use `client_secret_basic` (argon2 hash in `client_secret_hash`); others may not. */
  sandbox: boolean('sandbox').notNull().default(false),
  /** Its access tokens must be DPoP-bound (RFC 9449). */
  dpopRequired: boolean('dpop_required').notNull().default(false),
  /** The longest grant (consent) it may ask a person for. */
  maxGrantDays: integer('max_grant_days').notNull().default(365),
});

/**
 * oidc-provider's models (grants, codes, tokens, sessions, interactions, PAR, replay records) in
 * one table. Ids of bearer artefacts (codes, tokens) are stored as SHA-256 only. Lookups by grant,
 * session uid, user code and (account, client) use the extracted columns.
 */
export const oauthModels = pgTable(
  'oauth_models',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').notNull(),
    grantId: text('grant_id'),
    uid: text('uid'),
    userCode: text('user_code'),
    accountId: text('account_id'),
    clientId: text('client_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oauth_models_grant_idx').on(t.grantId),
    index('oauth_models_uid_idx').on(t.uid),
    index('oauth_models_user_code_idx').on(t.userCode),
    index('oauth_models_account_client_idx').on(t.accountId, t.clientId),
    index('oauth_models_expires_idx').on(t.expiresAt),
  ],
);

/** Append-only: the current consent state is derived from these events, never stored. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    accountId: accountRef(),
    kind: consentEventKind('kind').notNull(),
    noticeVersion: integer('notice_version')
      .notNull()
      .references(() => noticeVersions.version),
    purpose: text('purpose').notNull(),
    recipientType: recipientType('recipient_type').notNull(),
    partnerId: uuid('partner_id').references(() => partners.id),
    categories: text('categories').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The signed consent receipt (JWS compact) for a grant. */
    receiptJws: text('receipt_jws'),
    /** A partner grant made through OAuth: the authorization server's grant it is the other side of. */
    oauthGrantId: text('oauth_grant_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The key (account_id, id) also serves reading one person's ledger in order.
    primaryKey({ columns: [t.accountId, t.id] }),
  ],
);

/** Append-only and hash-chained per subject: `seq` has no gaps and `hash` covers `prevHash`. */
export const accessRecords = pgTable(
  'access_records',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    seq: integer('seq').notNull(),
    principalType: principalType('principal_type').notNull(),
    principalId: text('principal_id').notNull(),
    partnerId: uuid('partner_id'),
    categories: text('categories').array().notNull(),
    purpose: text('purpose').notNull(),
    operationName: text('operation_name'),
    requestId: text('request_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectId, t.id] }),
    uniqueIndex('access_records_subject_seq_idx').on(t.subjectId, t.seq),
  ],
);

export const dataSubjectRequests = pgTable(
  'data_subject_requests',
  {
    id: uuid('id').notNull().defaultRandom(),
    /** Not a foreign key: a deletion request outlives the account it deleted. */
    accountId: uuid('account_id').notNull(),
    kind: dataSubjectRequestKind('kind').notNull(),
    status: dataSubjectRequestStatus('status').notNull().default('RECEIVED'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** PIPL: answer within 15 working days; we keep a calendar deadline. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** What the person asked for: `{ categories?, note? }` (a correction says what is wrong). */
    details: jsonb('details').$type<{ categories?: string[]; note?: string }>().notNull().default({}),
    /** The answer the person sees (why rejected, what was corrected). */
    answer: text('answer'),
    /** The operator who answered (an operator account id; no foreign key across the two kinds of account). */
    answeredBy: uuid('answered_by'),
    /** A restriction the person lifted: from then on it no longer restricts anything. */
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('data_subject_requests_due_idx').on(t.status, t.dueAt),
    index('data_subject_requests_account_idx').on(t.accountId, t.receivedAt),
  ],
);

/**
 * A prepared copy (export or transfer), AES-256-GCM encrypted with the data key; downloadable by
 * its owner until `expires_at`, then swept by the retention job.
 */
export const dataExports = pgTable(
  'data_exports',
  {
    requestId: uuid('request_id').notNull(),
    accountId: accountRef(),
    format: text('format').notNull(),
    contentEncrypted: text('content_encrypted').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.requestId] }),
    foreignKey({ columns: [t.accountId, t.requestId], foreignColumns: [dataSubjectRequests.accountId, dataSubjectRequests.id] }).onDelete('cascade'),
  ],
);

/**
 * Durable jobs (account erasure, retention sweep): one row per job, a cursor committed with each
 * batch, so a job that dies half-way resumes where its last batch ended. One instance runs a job
 * at a time: each batch holds a transaction-level advisory lock on the job.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** Deduplicates: one erasure per account, one sweep per period. */
    key: text('key').notNull().unique(),
    state: jobState('state').notNull().default('QUEUED'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    cursor: jsonb('cursor').$type<Record<string, unknown>>(),
    /** Rows handled so far (for operators; the cursor is what resumes). */
    progress: integer('progress').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    /** The last failure's error name or SQLSTATE, never its message. */
    lastError: text('last_error'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_due_idx').on(t.state, t.runAt)],
);

/**
 * Indexes a bulk load (`pnpm db:seed`) dropped so as to build each once at its end rather than
 * maintain it row by row, with the statements that re-create them: a load that dies half-way
 * leaves them here, and the next start builds them (db/deferred-indexes.ts).
 */
export const deferredIndexes = pgTable('deferred_indexes', {
  name: text('name').primaryKey(),
  tableName: text('table_name').notNull(),
  /** `CREATE INDEX …` or `ALTER TABLE … ADD CONSTRAINT …`, as PostgreSQL itself printed it. */
  definition: text('definition').notNull(),
  deferredAt: timestamp('deferred_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A disclosure to an authority (PIPL Art. 13(3), 18): shown in the person's access log, unless a
 * legal deferral applies, until `deferred_until`. `released_at` is when it entered the log.
 */
export const disclosures = pgTable(
  'disclosures',
  {
    id: uuid('id').notNull().defaultRandom(),
    /** Not a foreign key: the record of a disclosure is kept after the account is closed (PIPL Art. 56). */
    accountId: uuid('account_id').notNull(),
    authority: text('authority').notNull(),
    legalBasis: text('legal_basis').notNull(),
    categories: text('categories').array().notNull(),
    disclosedAt: timestamp('disclosed_at', { withTimezone: true }).notNull(),
    /** The legal basis for not telling the person yet, and until when. */
    deferralBasis: text('deferral_basis'),
    deferredUntil: timestamp('deferred_until', { withTimezone: true }),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), index('disclosures_release_idx').on(t.releasedAt, t.deferredUntil)],
);

/**
 * What the person lets support staff see, for how long: the only way staff read personal data.
 * The person gives the reference to support; every read under it is an access record.
 */
export const supportGrants = pgTable(
  'support_grants',
  {
    id: uuid('id').notNull().defaultRandom(),
    accountId: accountRef(),
    /** The short code the person tells support (stored as a keyed hash only). */
    referenceHash: text('reference_hash').notNull().unique(),
    categories: text('categories').array().notNull(),
    note: text('note'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

/** Messages to send (SMS codes, product notices); a worker delivers them. No real SMS here. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    /** Keyed hash of the recipient (phone) so a message can be found without storing the number twice. */
    recipientHash: text('recipient_hash').notNull(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_recipient_idx').on(t.recipientHash, t.createdAt)],
);

/** An incident and its notice to people (PIPL Art. 57): what, why, possible harm, remedies, what to do, whom to ask. */
export const breachNotices = pgTable('breach_notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  summary: text('summary').notNull(),
  categories: text('categories').array().notNull(),
  discoveredAt: timestamp('discovered_at', { withTimezone: true }).notNull(),
  notifiedAt: timestamp('notified_at', { withTimezone: true }),
  createdAt: createdAt(),
  cause: text('cause').notNull().default(''),
  possibleHarm: text('possible_harm').notNull().default(''),
  remedies: text('remedies').notNull().default(''),
  whatYouCanDo: text('what_you_can_do').notNull().default(''),
  contact: text('contact').notNull().default(''),
  /** Whose data counts as affected: data in `categories` held during this window. */
  windowFrom: timestamp('window_from', { withTimezone: true }),
  windowTo: timestamp('window_to', { withTimezone: true }),
  recordedBy: uuid('recorded_by'),
});

/** Who a breach notice went to; the PWA shows the notice to each of them. */
export const breachRecipients = pgTable(
  'breach_recipients',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => breachNotices.id, { onDelete: 'cascade' }),
    accountId: accountRef(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.noticeId] })],
);

/**
 * The personal tables and the column holding the account they belong to: the distribution column
 * for Citus (docs/scaling.md). Their primary key and every unique key include it (checked by
 * db/schema.test.ts). `accounts` is the root: its id is the account id. `insurance_profiles`,
 * `social_insurance_cards` and `balances` key on the account already.
 */
export const PERSONAL_TABLES = [
  { table: accounts, accountColumn: accounts.id },
  { table: accountAgreements, accountColumn: accountAgreements.accountId },
  { table: socialInsuranceCards, accountColumn: socialInsuranceCards.accountId },
  { table: insuranceProfiles, accountColumn: insuranceProfiles.accountId },
  { table: participations, accountColumn: participations.accountId },
  { table: contributions, accountColumn: contributions.accountId },
  { table: balances, accountColumn: balances.accountId },
  { table: medicalRecords, accountColumn: medicalRecords.accountId },
  { table: devices, accountColumn: devices.accountId },
  { table: appInstallations, accountColumn: appInstallations.accountId },
  { table: installationEvents, accountColumn: installationEvents.accountId },
  { table: deviceEvents, accountColumn: deviceEvents.accountId },
  { table: searchLogs, accountColumn: searchLogs.accountId },
  { table: locationSamples, accountColumn: locationSamples.accountId },
  { table: consentEvents, accountColumn: consentEvents.accountId },
  { table: accountAgreements, accountColumn: accountAgreements.accountId },
  { table: accessRecords, accountColumn: accessRecords.subjectId },
  { table: dataSubjectRequests, accountColumn: dataSubjectRequests.accountId },
  { table: dataExports, accountColumn: dataExports.accountId },
  { table: disclosures, accountColumn: disclosures.accountId },
  { table: supportGrants, accountColumn: supportGrants.accountId },
  { table: breachRecipients, accountColumn: breachRecipients.accountId },
] as const;

/**
 * Unique across all accounts by nature, so they cannot include the account id: a phone number
 * registers one account, a card links to one account, a support reference is looked up by staff
 * who know only the reference. On Citus each becomes a small look-up table
 * distributed by its own hash (docs/scaling.md); until then they stay unique columns here.
 */
export const GLOBAL_LOOKUP_KEYS = [accounts.phoneHash, socialInsuranceCards.cardNumberHash, supportGrants.referenceHash] as const;

// ── key rotation ────────────────────────────────────────────────────────────────────────────
/**
 * Progress of `pnpm keys:rotate` re-encrypting one encrypted column under `target_kid`: a batch
 * moves `after_key` in the same transaction as its rows, so a killed run continues where it stood.
 */
export const keyRotationProgress = pgTable(
  'key_rotation_progress',
  {
    targetKid: text('target_kid').notNull(),
    /** `table.column` (or `table.column.jsonKey`), as db/encrypted-columns.ts names it. */
    columnName: text('column_name').notNull(),
    /** The last primary key re-encrypted in the current pass (text of the key); null before the first batch. */
    afterKey: text('after_key'),
    pass: integer('pass').notNull().default(1),
    rewritten: integer('rewritten').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.targetKid, t.columnName] })],
);

// ── operators (staff: never people with a flag) ─────────────────────────────────────────────
export const operatorRole = pgEnum('operator_role', ['SUPPORT', 'PRIVACY_OFFICER', 'PARTNER_MANAGER', 'SECURITY_OFFICER']);

/** Staff accounts, created by `pnpm operator:add` only. Separate from `accounts`: no personal data of card holders. */
export const operators = pgTable('operators', {
  id: uuid('id').primaryKey().defaultRandom(),
  loginName: text('login_name').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** The TOTP secret (base32), AES-256-GCM with the data key. */
  totpSecretEncrypted: text('totp_secret_encrypted').notNull(),
  /** The last TOTP time step accepted: a code is good once (RFC 6238 §5.2). */
  lastTotpStep: bigint('last_totp_step', { mode: 'number' }),
  roles: operatorRole('roles').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/** Short operator sessions: only the token's SHA-256 is stored; idle and absolute limits are checked on every request. */
export const operatorSessions = pgTable(
  'operator_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end, however active the session. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('operator_sessions_operator_idx').on(t.operatorId)],
);

/**
 * Every operator action, append-only (a trigger refuses UPDATE, DELETE and TRUNCATE: custom
 * migration) and hash-chained: `seq` has no gaps and `hash` covers `prev_hash` and the row.
 * No card holder's personal data goes in here: targets are ids.
 */
export const operatorAuditLog = pgTable(
  'operator_audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: integer('seq').notNull().unique(),
    /** Null for a sign-in attempt that named no known operator. */
    operatorId: uuid('operator_id'),
    action: text('action').notNull(),
    /** What the action was about: `partner:<id>`, `notice:<version>`, … */
    target: text('target'),
    detail: jsonb('detail').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('operator_audit_log_operator_idx').on(t.operatorId, t.seq)],
);

/** A privacy officer's next notice, as data, until it is published (then it is a `notice_versions` row). */
export const noticeDrafts = pgTable('notice_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The version it was drafted from: publishing refuses a draft whose base is no longer current. */
  baseVersion: integer('base_version')
    .notNull()
    .references(() => noticeVersions.version),
  content: jsonb('content').notNull(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => operators.id),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedVersion: integer('published_version'),
});
