// The composition root: configuration, database, modules, schema and HTTP are wired here and
// nowhere else. `node dist/index.js` starts the product; tests call `createApp` with their config.
import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessDecisionCache } from './authz/access-decision.js';
import { NOTICE_CHANNEL, NoticeRegistry } from './authz/notice-registry.js';
import { Throttle } from './authz/throttle.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { FieldCrypto } from './config/field-crypto.js';
import { loadSecrets } from './config/secrets.js';
import { openConfiguredDatabase, type DatabaseHandle } from './db/database.js';
import { RequestCounters } from './db/request-counters.js';
import { declarationsOf } from './graphql/module.js';
import { loadPersistedDocuments } from './http/plugins/trusted-documents.js';
import type { GatewayDeps } from './http/request-context.js';
import { createHttpServer } from './http/server.js';
import { accountsModule, hashPassword } from './modules/accounts/index.js';
import { auditModule } from './modules/audit/index.js';
import { consentModule } from './modules/consent/index.js';
import { devicesModule } from './modules/devices/index.js';
import { insuranceModule } from './modules/insurance/index.js';
import { partnersModule } from './modules/partners/index.js';
import { personModule } from './modules/person/index.js';
import { researchModule } from './modules/research/index.js';
import type { SocialInsurancePlatform } from './platform/platform.js';
import { SimulatedPlatform } from './platform/simulated-platform.js';
import { loadersOf, servicesOf, type ModuleInstances } from './schema/modules.js';
import { buildGatewaySchema } from './schema/schema.js';
import { seedDemo } from './seed/demo.js';
import { grantDemoConsents } from './seed/demo-consents.js';

export type AppOverrides = {
  /** An already opened (for tests: cloned) database; otherwise opened from the config. */
  database?: DatabaseHandle;
  platform?: SocialInsurancePlatform;
  /** Where the server's logs go instead of stdout. */
  logDestination?: NodeJS.WritableStream;
};

export type App = Awaited<ReturnType<typeof createApp>>;

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

  // Each module gets its dependencies and nothing more; the ones that dispatch over all modules
  // (node, withdrawal, export) read the declarations of the complete list below at request time.
  const declarations = declarationsOf(() => Object.values(modules));
  const throttle = new Throttle(db, (value) => crypto.lookupHash(value));
  const audit = auditModule.create({ db });
  const insurance = insuranceModule.create({ db, crypto, platform, throttle, limits: config.limits.cardLinking });
  const partners = partnersModule.create({ db, notices, secrets });
  const modules: ModuleInstances = {
    person: personModule.create({ declarations }),
    accounts: accountsModule.create({ db, crypto, production: config.production, declarations, throttle, limits: config.limits }),
    insurance,
    devices: devicesModule.create({ db, notices, platform, accessLog: audit.services.accessLog, cards: insurance.services.cards }),
    consent: consentModule.create({ db, notices, secrets, partners: partners.services.partners, cards: insurance.services.cards, declarations }),
    audit,
    partners,
    research: researchModule.create({ db, notices }),
  };
  const services = servicesOf(modules);

  if (seeded) await grantDemoConsents(db, services.consent, seeded.accountId, notices.current().version);

  const gateway: GatewayDeps = { db, decisions, services, loaders: loadersOf(modules) };
  const http = await createHttpServer({
    config,
    schema: await buildGatewaySchema({ production: config.production }),
    gateway,
    accessLog: services.accessLog,
    publicJwk: secrets.publicJwk,
    persistedDocuments: loadPersistedDocuments(),
    logDestination: overrides.logDestination,
    requestCounters: new RequestCounters(db, config.limits.requests.windowSeconds * 1000, (key) => crypto.lookupHash(`request:${key}`)),
    isReady: async () => {
      await database.ping();
      return database.isMigrated();
    },
  });

  return {
    /** The modules' services (what resolvers see), for tests and tools in the same process. */
    services,
    gateway,
    crypto,
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
