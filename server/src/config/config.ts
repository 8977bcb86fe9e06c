// Configuration is read and validated once, at start; a bad value stops the process with its name.
// The `Config` type is the schema's output: there is no second, hand-kept description of it.
import path from 'node:path';
import { z } from 'zod';

/** Production needs SHEBAO_KEYRING_FILE, or each of these (either name of a pair). */
const PRODUCTION_SECRETS = [['SHEBAO_DATA_KEY', 'SHEBAO_DATA_KEYS'], ['SHEBAO_HASH_KEY'], ['SHEBAO_SIGNING_JWK', 'SHEBAO_SIGNING_JWKS']] as const;

/**
 * Which proxies may set X-Forwarded-For (Fastify's `trustProxy`): none by default, so a made-up
 * header changes nothing; otherwise a comma-separated list of addresses or CIDR ranges of the
 * load balancers in front. Trusting every hop ("true") is refused: anyone could pick their address.
 */
const trustProxy = z
  .string()
  .min(1)
  .refine((value) => value !== 'true', 'name the proxies (addresses or CIDR ranges); trusting every hop lets anyone choose their address')
  .transform((value): false | string[] => (value === 'false' || value === 'none' ? false : value.split(',').map((part) => part.trim())));

const positiveInt = z.coerce.number().int().positive();
const count = z.number().int().positive();
const seconds = z.number().int().positive();

/**
 * Failures of a guessable secret under one key: the first `free` cost nothing, then each one makes
 * the key wait, `firstDelaySeconds` doubling up to `maxDelaySeconds`. Counting starts afresh
 * `forgetAfterSeconds` after the first failure (or at once, for the keys a success clears).
 */
const backoff = (free: number, firstDelaySeconds: number, maxDelaySeconds: number, forgetAfterSeconds = 86_400) =>
  z
    .object({ free: count.default(free), firstDelaySeconds: seconds.default(firstDelaySeconds), maxDelaySeconds: seconds.default(maxDelaySeconds), forgetAfterSeconds: seconds.default(forgetAfterSeconds) })
    .strict()
    .prefault({});

/** At most `limit` attempts under one key per fixed window of `windowSeconds`. */
const quota = (limit: number, windowSeconds: number) =>
  z.object({ limit: count.default(limit), windowSeconds: seconds.default(windowSeconds) }).strict().prefault({});

/**
 * Every request limit and every throttle, in one object. Defaults below; `SHEBAO_LIMITS` (JSON)
 * overrides any part of it, e.g. `{"requests":{"perAddress":60}}`. The README lists each one.
 */
const limitsSchema = z
  .object({
    /** HTTP requests per fixed window, shared by every instance; keyed by who is asking. */
    requests: z
      .object({
        windowSeconds: seconds.default(60),
        /** No credential, or one that does not authenticate. */
        perAddress: count.default(300),
        /** A person: every session and device of the account together. */
        perAccount: count.default(600),
        /** A partner client reading for one person. */
        perPartnerPerson: count.default(300),
        perResearcher: count.default(600),
        /** An operator (all their sessions together), on the operator endpoint. */
        perOperator: count.default(300),
      })
      .strict()
      .prefault({}),
    signIn: z.object({ perNumber: backoff(5, 30, 900), perAddress: backoff(20, 60, 3600) }).strict().prefault({}),
    /** Operator sign-in (password and TOTP code together): per login name and per address. */
    operatorSignIn: z.object({ perLogin: backoff(5, 30, 900), perAddress: backoff(20, 60, 3600) }).strict().prefault({}),
    registrationCodes: z
      .object({ perNumberResend: quota(1, 60), perNumberPerDay: quota(5, 86_400), perAddressPerDay: quota(10, 86_400) })
      .strict()
      .prefault({}),
    /** Linking a card and refreshing its data: both try the card's 6-digit query password. */
    cardLinking: z.object({ perCard: backoff(5, 60, 3600), perAccount: backoff(10, 60, 3600), perAddress: backoff(20, 60, 3600) }).strict().prefault({}),
  })
  .strict();

export type Limits = z.output<typeof limitsSchema>;
export type BackoffRule = Limits['signIn']['perNumber'];
export type QuotaRule = Limits['registrationCodes']['perNumberPerDay'];

const limitsJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(limitsSchema);

function schema(cwd: string) {
  return z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      HOST: z.string().min(1).default('127.0.0.1'),
      PORT: z.coerce.number().int().min(0).max(65535).default(4000),
      DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
      SHEBAO_DATA_DIR: z.string().min(1).default('.data'),
      SHEBAO_CLIENT_DIST: z.string().min(1).optional(),
      SHEBAO_SEED_DEMO: z.enum(['true', 'false']).default('true'),
      /** Where people and partners reach the gateway; the OAuth issuer will be derived from it. */
      SHEBAO_PUBLIC_URL: z.url().optional(),
      SHEBAO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
      /** Base64 of 32 random bytes each; required in production, generated into the data folder otherwise. */
      SHEBAO_DATA_KEY: z.string().optional(),
      SHEBAO_HASH_KEY: z.string().optional(),
      /** A private JWK (ES256) as JSON; signs consent receipts and partner tokens. */
      SHEBAO_SIGNING_JWK: z.string().optional(),
      /** Rotated keys (see config/keyring.ts): a keyring file, or the keyrings as JSON. */
      SHEBAO_KEYRING_FILE: z.string().min(1).optional(),
      SHEBAO_DATA_KEYS: z.string().optional(),
      SHEBAO_SIGNING_JWKS: z.string().optional(),
      /** Developers holding this key may introspect the schema in production (header x-shebao-developer-key). */
      SHEBAO_DEVELOPER_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
      SHEBAO_TRUST_PROXY: trustProxy.default(false),
      SHEBAO_BODY_LIMIT_BYTES: positiveInt.default(100 * 1024),
      SHEBAO_LIMITS: limitsJson.default(() => limitsSchema.parse({})),
      /** PostgreSQL pool and timeouts: every wait on the database is bounded (README, Reliability). */
      // A smaller pool pipelines more statements per socket write (the PWA's dashboard 0.41–0.48×
      // Apollo at 2–4 connections, 0.37× at 10), but postgres.js 3.4.9's connection queue then
      // degrades under minutes of saturation (docs/scaling.md, the pool row): 10 stays.
      SHEBAO_DB_POOL_MAX: positiveInt.default(4),
      SHEBAO_DB_CONNECT_TIMEOUT_MS: positiveInt.default(2_000),
      SHEBAO_DB_STATEMENT_TIMEOUT_MS: positiveInt.default(10_000),
      SHEBAO_DB_IDLE_TIMEOUT_MS: positiveInt.default(30_000),
      /** `pnpm bench:load` only: count every statement sent and answer its stats requests over IPC. */
      SHEBAO_BENCH_STATS: z.enum(['0', '1']).default('0'),
      /** Working days (China's calendar) a person's request may take; PIPL practice is 15. */
      SHEBAO_REQUEST_DEADLINE_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(15),
      /** Calendar days within which a closed account's data is erased (the stated period). */
      SHEBAO_CLOSURE_ERASURE_DAYS: z.coerce.number().int().min(0).max(30).default(15),
      /** How often each instance looks for due jobs (erasure, retention sweep). */
      SHEBAO_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    })
    .superRefine((v, ctx) => {
      if (v.NODE_ENV !== 'production' || v.SHEBAO_KEYRING_FILE) return;
      for (const names of PRODUCTION_SECRETS) {
        if (!names.some((name) => v[name])) ctx.addIssue({ code: 'custom', path: [names[0]], message: `required in production (or SHEBAO_KEYRING_FILE)` });
      }
    })
    .transform((v) => ({
      env: v.NODE_ENV,
      /** Decided here, once; everything else reads this flag. */
      production: v.NODE_ENV === 'production',
      host: v.HOST,
      port: v.PORT,
      databaseUrl: v.DATABASE_URL,
      /** Applies to PostgreSQL; PGlite is in-process and has no pool. */
      databasePool: {
        max: v.SHEBAO_DB_POOL_MAX,
        connectTimeoutMs: v.SHEBAO_DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: v.SHEBAO_DB_STATEMENT_TIMEOUT_MS,
        idleTimeoutMs: v.SHEBAO_DB_IDLE_TIMEOUT_MS,
      },
      dataDir: path.resolve(cwd, v.SHEBAO_DATA_DIR),
      clientDist: path.resolve(cwd, v.SHEBAO_CLIENT_DIST ?? defaultClientDist()),
      seedDemo: v.SHEBAO_SEED_DEMO === 'true',
      publicUrl: v.SHEBAO_PUBLIC_URL,
      logLevel: v.SHEBAO_LOG_LEVEL,
      secrets: {
        dataKey: v.SHEBAO_DATA_KEY,
        dataKeys: v.SHEBAO_DATA_KEYS,
        hashKey: v.SHEBAO_HASH_KEY,
        signingJwk: v.SHEBAO_SIGNING_JWK,
        signingJwks: v.SHEBAO_SIGNING_JWKS,
        keyringFile: v.SHEBAO_KEYRING_FILE ? path.resolve(cwd, v.SHEBAO_KEYRING_FILE) : undefined,
      },
      developerKey: v.SHEBAO_DEVELOPER_KEY,
      /** The HTTP perimeter's policy values. */
      http: {
        trustProxy: v.SHEBAO_TRUST_PROXY,
        bodyLimitBytes: v.SHEBAO_BODY_LIMIT_BYTES,
      },
      /** Request rate limits and the throttles on guessable secrets. */
      limits: v.SHEBAO_LIMITS,
      /** Requests from people (PIPL Arts. 44–50) and the jobs that carry them out. */
      rights: {
        deadlineWorkingDays: v.SHEBAO_REQUEST_DEADLINE_WORKING_DAYS,
        closureErasureDays: v.SHEBAO_CLOSURE_ERASURE_DAYS,
        jobsIntervalMs: v.SHEBAO_JOBS_INTERVAL_SECONDS * 1000,
      },
      /** graphql-armor's limits on every operation. */
      benchStats: v.SHEBAO_BENCH_STATS === '1',
      graphqlLimits: { maxDepth: 12, maxAliases: 20, maxTokens: 3000, maxDirectives: 20, maxCost: 20_000 },
    }));
}

export type Config = z.output<ReturnType<typeof schema>>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema(cwd).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

function defaultClientDist(): string {
  // server/src/config (or server/dist/config) → client/dist
  return path.resolve(import.meta.dirname, '../../../client/dist');
}
