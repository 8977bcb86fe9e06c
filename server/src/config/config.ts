// Configuration is read and validated once, at start; a bad value stops the process with its name.
// The `Config` type is the schema's output: there is no second, hand-kept description of it.
import path from 'node:path';
import { z } from 'zod';

const PRODUCTION_SECRETS = ['SHEBAO_DATA_KEY', 'SHEBAO_HASH_KEY', 'SHEBAO_SIGNING_JWK'] as const;

/**
 * Which proxies may set X-Forwarded-For (Fastify's `trustProxy`): "true" trusts every hop (today's
 * behaviour), "false" none, otherwise a comma-separated list of addresses or CIDR ranges.
 */
const trustProxy = z
  .string()
  .min(1)
  .transform((value): boolean | string[] => (value === 'true' ? true : value === 'false' ? false : value.split(',').map((part) => part.trim())));

const positiveInt = z.coerce.number().int().positive();

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
      /** Developers holding this key may introspect the schema in production (header x-shebao-developer-key). */
      SHEBAO_DEVELOPER_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
      SHEBAO_TRUST_PROXY: trustProxy.default(true),
      SHEBAO_BODY_LIMIT_BYTES: positiveInt.default(100 * 1024),
      SHEBAO_RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
    })
    .superRefine((v, ctx) => {
      if (v.NODE_ENV !== 'production') return;
      for (const name of PRODUCTION_SECRETS) {
        if (!v[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required in production' });
      }
    })
    .transform((v) => ({
      env: v.NODE_ENV,
      /** Decided here, once; everything else reads this flag. */
      production: v.NODE_ENV === 'production',
      host: v.HOST,
      port: v.PORT,
      databaseUrl: v.DATABASE_URL,
      dataDir: path.resolve(cwd, v.SHEBAO_DATA_DIR),
      clientDist: path.resolve(cwd, v.SHEBAO_CLIENT_DIST ?? defaultClientDist()),
      seedDemo: v.SHEBAO_SEED_DEMO === 'true',
      publicUrl: v.SHEBAO_PUBLIC_URL,
      logLevel: v.SHEBAO_LOG_LEVEL,
      secrets: { dataKey: v.SHEBAO_DATA_KEY, hashKey: v.SHEBAO_HASH_KEY, signingJwk: v.SHEBAO_SIGNING_JWK },
      developerKey: v.SHEBAO_DEVELOPER_KEY,
      /** The HTTP perimeter's policy values. */
      http: {
        trustProxy: v.SHEBAO_TRUST_PROXY,
        bodyLimitBytes: v.SHEBAO_BODY_LIMIT_BYTES,
        rateLimit: { max: v.SHEBAO_RATE_LIMIT_PER_MINUTE, timeWindowMs: 60_000 },
      },
      /** graphql-armor's limits on every operation. */
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
