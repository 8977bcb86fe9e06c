// The composition root: configuration, database, services, schema and HTTP are wired here and
// nowhere else. `node dist/index.js` starts the product; tests call `createApp` with their config.
import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { AccessDecisionCache } from './authz/access-decision.js';
import { NOTICE_CHANNEL, NoticeRegistry } from './authz/notice-registry.js';
import type { AppServices } from './app-services.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { FieldCrypto } from './config/field-crypto.js';
import { loadSecrets } from './config/secrets.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { partners } from './db/schema.js';
import { buildGatewaySchema } from './graphql/schema.js';
import { createHttpServer } from './http/http-server.js';
import { hashPassword } from './modules/accounts/credentials.js';
import { AccountService } from './modules/accounts/accounts.service.js';
import { AccessLogService } from './modules/audit/access-log.service.js';
import { ConsentService } from './modules/consent/consent.service.js';
import { NoticeService } from './modules/consent/notice.service.js';
import { ProductNoticeService } from './modules/consent/product-notices.service.js';
import { CollectionService } from './modules/devices/collection.service.js';
import { CardLinkingService } from './modules/insurance/card-linking.service.js';
import { PartnerTokenService } from './modules/partners/partner-tokens.service.js';
import type { SocialInsurancePlatform } from './platform/platform.js';
import { SimulatedPlatform } from './platform/simulated-platform.js';
import { seedDemo } from './seed/demo.js';
import { grantDemoConsents } from './seed/demo-consents.js';

export type AppOverrides = {
  /** An already opened (for tests: cloned) database; otherwise opened from the config. */
  database?: DatabaseHandle;
  platform?: SocialInsurancePlatform;
};

export type App = Awaited<ReturnType<typeof createApp>>;

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
}

export async function createApp(config: Config, overrides: AppOverrides = {}) {
  const secrets = await loadSecrets(config);
  const database = overrides.database ?? (await openConfiguredDatabase(config));
  await database.migrate();
  const db = database.db;
  const crypto = new FieldCrypto(secrets.dataKey, secrets.hashKey);
  const platform = overrides.platform ?? new SimulatedPlatform();

  const seeded = config.seedDemo ? await seedDemo(db, { crypto, hashPassword, platform }) : null;

  const notices = new NoticeRegistry(db);
  await notices.reload();
  const decisions = new AccessDecisionCache(notices);
  // Another instance published a notice: reload, and forget decisions made under the old one.
  const unlisten = await database.listen(NOTICE_CHANNEL, () => {
    void notices.reload().then(() => decisions.clear());
  });

  const accessLog = new AccessLogService(db);
  const consent = new ConsentService(db, notices, secrets);
  const services: AppServices = {
    config,
    db,
    crypto,
    secrets,
    notices,
    decisions,
    platform,
    accessLog,
    consent,
    accounts: new AccountService(db, crypto),
    notice: new NoticeService(db, notices),
    cards: new CardLinkingService(db, crypto, platform),
    collection: new CollectionService(db, { notices, platform, accessLog, crypto }),
    productNotices: new ProductNoticeService(db, notices),
    partnerTokens: new PartnerTokenService(db, secrets, (accountId, partnerId) => consent.partnerGrant(accountId, partnerId)),
  };

  if (seeded) {
    const [insurer] = await db.select({ id: partners.id }).from(partners).where(eq(partners.clientId, 'demo-insurer'));
    await grantDemoConsents(consent, seeded.accountId, notices.current().version, insurer?.id ?? null);
  }

  const schema = await buildGatewaySchema();
  const http = await createHttpServer({
    services,
    schema,
    isReady: async () => {
      await database.ping();
      return database.isMigrated();
    },
  });

  return {
    services,
    database,
    http,
    async listen(): Promise<string> {
      return http.listen({ host: config.host, port: config.port });
    },
    /** Graceful: stop accepting, let in-flight requests finish, then close the database. */
    async close(): Promise<void> {
      await http.close();
      await unlisten();
      if (!overrides.database) await database.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  const address = await app.listen();
  console.log(`listening on ${address} (GraphQL ${address}/graphql, GraphiQL ${address}/graphiql, database: ${app.database.kind})`);
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('shutdown failed', error);
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
