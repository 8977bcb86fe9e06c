// Configuration is read and validated once, at start; a bad value stops the process with its name.
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
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
  SHEBAO_PUBLIC_URL: z.url().optional(),
  SHEBAO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  /** Base64 of 32 random bytes each; required in production, generated into the data folder otherwise. */
  SHEBAO_DATA_KEY: z.string().optional(),
  SHEBAO_HASH_KEY: z.string().optional(),
  /** A private JWK (ES256) as JSON; signs consent receipts and partner tokens. */
  SHEBAO_SIGNING_JWK: z.string().optional(),
  /** Developers holding this key may introspect the schema in production (header x-shebao-developer-key). */
  SHEBAO_DEVELOPER_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  clientDist: string;
  seedDemo: boolean;
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  secrets: { dataKey?: string; hashKey?: string; signingJwk?: string };
  developerKey: string | undefined;
};

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const v = parsed.data;
  if (v.NODE_ENV === 'production') {
    const missing = (['SHEBAO_DATA_KEY', 'SHEBAO_HASH_KEY', 'SHEBAO_SIGNING_JWK'] as const).filter((k) => !v[k]);
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration:\n  ${missing.map((k) => `${k}: required in production`).join('\n  ')}`);
    }
  }
  return {
    env: v.NODE_ENV,
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
  };
}

function defaultClientDist(): string {
  // server/src/config (or server/dist/config) → client/dist
  return path.resolve(import.meta.dirname, '../../../client/dist');
}
