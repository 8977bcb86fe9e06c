// The composition root: configuration, database, modules, schema and HTTP are wired here and
// nowhere else. `node dist/index.js` starts the product; tests call `createApp` with their config.
import 'reflect-metadata';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessDecisionCache } from './authz/access-decision.js';
import { NOTICE_CHANNEL, NoticeRegistry } from './authz/notice-registry.js';
import { Throttle } from './authz/throttle.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { FieldCrypto } from './config/field-crypto.js';
import { loadSecrets } from './config/secrets.js';
import { inTransaction } from './db/ambient-transaction.js';
import { DatabaseAvailability } from './db/availability.js';
import { buildAbandonedIndexes } from './db/deferred-indexes.js';
import { openConfiguredDatabase, type DatabaseHandle } from './db/database.js';
import { KEYRING_CHANNEL } from './db/key-rotation.js';
import { RequestCounters } from './db/request-counters.js';
import { requestCounters } from './db/schema.js';
import { eq } from 'drizzle-orm';
import { declarationsOf } from './graphql/module.js';
import { crashPoint } from './lib/crash-point.js';
import { loadPersistedDocuments, OPERATOR_MANIFEST_PATH } from './http/plugins/trusted-documents.js';
import type { GatewayDeps } from './http/request-context.js';
import { createHttpServer } from './http/server.js';
import { SESSION_COOKIE, accountsModule, hashPassword } from './modules/accounts/index.js';
import { auditModule } from './modules/audit/index.js';
import { consentModule } from './modules/consent/index.js';
import { devicesModule } from './modules/devices/index.js';
import { insuranceModule } from './modules/insurance/index.js';
import { operatorsModule, seedDemoOperators } from './modules/operators/index.js';
import { createOAuthServer, partnersModule, type OAuthConsentPort } from './modules/partners/index.js';
import { personModule } from './modules/person/index.js';
import { researchModule } from './modules/research/index.js';
import { rightsModule } from './modules/rights/index.js';
import { JobRunner, type JobRunnerOptions } from './db/jobs/job-runner.js';
import { WorkingDayCalendar } from './lib/working-days.js';
import type { SocialInsurancePlatform } from './platform/platform.js';
import { SimulatedPlatform } from './platform/simulated-platform.js';
import { loadersOf, servicesOf, type ModuleInstances } from './schema/modules.js';
import { buildGatewaySchema, buildOperatorSchema } from './schema/schema.js';
import { seedDemo } from './seed/demo.js';
import { grantDemoConsents } from './seed/demo-consents.js';

export type AppOverrides = {
  /** An already opened (for tests: cloned) database; otherwise opened from the config. */
  database?: DatabaseHandle;
  platform?: SocialInsurancePlatform;
  /** Where the server's logs go instead of stdout. */
  logDestination?: NodeJS.WritableStream;
  /** Tests: the job runner's fault hook, small batches, and no background ticking. */
  jobs?: JobRunnerOptions & { batchSize?: number; background?: false };
};

export type App = Awaited<ReturnType<typeof createApp>>;

/** How often expired authorization-server rows (codes, tokens, sessions, PAR requests) are deleted. */
const OAUTH_PRUNE_INTERVAL_MS = 10 * 60_000;

/** The origin partners and browsers address: SHEBAO_PUBLIC_URL, else where this process listens. */
function publicUrlOf(config: Config, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** PORT=0 (tests, tools): a free port chosen before start, since the OAuth issuer names the port. */
async function resolvePort(config: Config): Promise<number> {
  if (config.port !== 0) return config.port;
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, config.host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export async function createApp(config: Config, overrides: AppOverrides = {}) {
  const secrets = await loadSecrets(config);
  const database = overrides.database ?? (await openConfiguredDatabase(config));
  await database.migrate();
  // A bulk load that died half-way left its tables without indexes: built before serving.
  const abandonedIndexes = await buildAbandonedIndexes(database);
  const db = database.db;
  const crypto = new FieldCrypto(secrets.keyring, secrets.hashKey);
  const platform = overrides.platform ?? new SimulatedPlatform();

  const seeded = config.seedDemo ? await seedDemo(db, { crypto, hashPassword, platform }) : null;

  const notices = new NoticeRegistry(db);
  await notices.reload();
  const decisions = new AccessDecisionCache(notices);
  // Another instance published a notice: reload, and forget decisions made under the old one.
  const unlisten = await database.listen(NOTICE_CHANNEL, () => {
    void notices.reload().then(() => decisions.clear());
  });
  // `pnpm keys:rotate` added or retired a key: new ciphertexts and signatures use the new current one.
  const unlistenKeyring = await database.listen(KEYRING_CHANNEL, () => {
    secrets.keyring.reload(config).catch(() => {}); // a decryption that meets an unknown key id re-reads the file itself
  });

  // Each module gets its dependencies and nothing more; the ones that dispatch over all modules
  // (node, withdrawal, export) read the declarations of the complete list below at request time.
  const declarations = declarationsOf(() => Object.values(modules));
  const port = await resolvePort(config);
  const publicUrl = publicUrlOf(config, port);
  const oauth = createOAuthServer({
    db,
    publicUrl,
    keys: { signingKeys: secrets.oauth.signingJwks, secret: secrets.oauth.secret },
    // Always: the OAuth route hands it Fastify's view of X-Forwarded-* (only trusted proxies count).
    trustProxy: true,
    developmentClients: !config.production,
    // The HTTP server's logger, once it exists (the provider logs only while serving requests).
    logger: { error: (obj, msg) => http.log.error(obj, msg), warn: (obj, msg) => http.log.warn(obj, msg) },
  });
  const throttle = new Throttle(db, (value) => crypto.lookupHash(value));
  const audit = auditModule.create({ db });
  const insurance = insuranceModule.create({ db, crypto, platform, throttle, limits: config.limits.cardLinking });
  const operators = operatorsModule.create({ db, crypto, throttle, limits: config.limits.operatorSignIn, production: config.production });
  const operatorAudit = operators.services.operatorAudit;
  const partners = partnersModule.create({ db, oauth, signing: secrets.keyring, operatorAudit });
  const jobs = new JobRunner(db, { autoKick: overrides.jobs?.background !== false, ...overrides.jobs });
  const modules: ModuleInstances = {
    person: personModule.create({ declarations }),
    accounts: accountsModule.create({
      db,
      crypto,
      production: config.production,
      declarations,
      throttle,
      limits: config.limits,
      notices,
      // Every grant the person gave a partner ends with the account, tokens and codes included.
      onAccountClosed: (tx, accountId) => inTransaction(tx, async () => void (await oauth.revokeAccountGrants(accountId))),
    }),
    insurance,
    devices: devicesModule.create({ db, notices, platform, accessLog: audit.services.accessLog, cards: insurance.services.cards }),
    consent: consentModule.create({
      db,
      operatorAudit,
      notices,
      signing: secrets.keyring,
      partners: partners.services.partners,
      cards: insurance.services.cards,
      declarations,
      // A withdrawal from a partner ends its OAuth grant (or narrows it) in the withdrawal's transaction.
      partnerGrants: {
        withdrawn: (tx, accountId, partnerId, categories) =>
          inTransaction(tx, async () => {
            if (categories.length === 0) await oauth.revokePartnerGrant(accountId, partnerId);
            else await oauth.withdrawPartnerCategories(accountId, partnerId, categories);
          }),
      },
    }),
    audit,
    partners,
    research: researchModule.create({ db, notices }),
    operators,
    rights: rightsModule.create({
      db,
      crypto,
      jobs,
      calendar: new WorkingDayCalendar(),
      settings: config.rights,
      notice: () => notices.current().content,
      exports: { exportData: (accountId) => modules.accounts.services.accounts.exportData(accountId) },
      accessLog: audit.services.accessLog,
      closure: {
        closeAccount: (accountId, password, caller, within) => modules.accounts.services.accounts.closeAccount(accountId, password, caller, within),
        // The shared request counter of the account's budget (keyed by a hash of its id).
        eraseKeyed: async (tx, accountId) => {
          await tx.delete(requestCounters).where(eq(requestCounters.keyHash, crypto.lookupHash(`request:account:${accountId}`)));
        },
      },
      operatorAudit,
      // A completed deletion request erases what every module holds in the categories named.
      erasure: {
        eraseCategories: async (tx, accountId, categories) => {
          for (const withdrawal of declarations.withdrawals()) await withdrawal.erase(tx, accountId, categories);
        },
      },
      batchSize: overrides.jobs?.batchSize,
    }),
  };
  const services = servicesOf(modules);

  crashPoint('seed:data-committed');
  if (seeded) await grantDemoConsents(db, services.consent, seeded.accountId, notices.current().version);
  crashPoint('seed:consents-committed');
  // One demo operator per role with published TOTP secrets: development only, never in production.
  if (config.seedDemo && !config.production) await seedDemoOperators(services.operatorAccounts);

  // The consent screen's backend: the person is the PWA session's; their answer is written to the
  // ledger and the authorization server in one transaction.
  const oauthConsent: OAuthConsentPort = {
    async authenticate(request) {
      const cookie = request.cookies?.[SESSION_COOKIE];
      const principal = cookie ? await services.sessions.principalFor(cookie) : null;
      return principal?.kind === 'person' ? principal.accountId : null;
    },
    async recordGrant(consent, saveGrant) {
      await services.consent.grantToPartner(consent, (tx) => inTransaction(tx, saveGrant));
    },
  };
  const pruning = setInterval(() => {
    oauth.pruneExpired().catch(() => {}); // the next run tries again; nothing depends on one run
  }, OAUTH_PRUNE_INTERVAL_MS);
  pruning.unref();
  if (overrides.jobs?.background !== false) jobs.start(config.rights.jobsIntervalMs);

  // Logs through the HTTP server's logger once it exists (an outage is only noticed by requests).
  const availability = new DatabaseAvailability({
    ping: () => database.ping(),
    log: { warn: (details, message) => http.log.warn(details, message) },
    // A notice published while this instance's LISTEN connection was down would be missed.
    onAvailable: () => void notices.reload().then(() => decisions.clear(), () => {}),
  });
  const gateway: GatewayDeps = { db, decisions, services, loaders: loadersOf(modules), publicUrl };
  const http = await createHttpServer({
    config,
    schema: await buildGatewaySchema({ production: config.production }),
    gateway,
    accessLog: services.accessLog,
    signing: secrets.keyring,
    persistedDocuments: loadPersistedDocuments(),
    operator: { schema: await buildOperatorSchema({ production: config.production }), persistedDocuments: loadPersistedDocuments(OPERATOR_MANIFEST_PATH) },
    oauth: { server: oauth, consent: oauthConsent },
    logDestination: overrides.logDestination,
    requestCounters: new RequestCounters(db, config.limits.requests.windowSeconds * 1000, (key) => crypto.lookupHash(`request:${key}`)),
    isReady: async () => (await availability.check()) && database.isMigrated(),
    availability,
  });
  if (abandonedIndexes && 'built' in abandonedIndexes) {
    http.log.warn({ indexes: abandonedIndexes.built, seconds: Math.round(abandonedIndexes.seconds) }, 'built the indexes an interrupted bulk load had deferred');
  } else if (abandonedIndexes) {
    http.log.warn({ indexes: abandonedIndexes.loading }, 'indexes deferred by a bulk load are being built elsewhere (by the load, or another instance): reads of those tables are slow until then');
  }

  return {
    /** The modules' services (what resolvers see), for tests and tools in the same process. */
    services,
    gateway,
    crypto,
    database,
    http,
    oauth,
    publicUrl,
    jobs,
    async listen(): Promise<string> {
      return http.listen({ host: config.host, port });
    },
    /** Graceful: stop accepting, let in-flight requests finish, then close the database. */
    async close(): Promise<void> {
      clearInterval(pruning);
      await jobs.stop();
      availability.close();
      await http.close();
      await unlisten();
      await unlistenKeyring();
      if (!overrides.database) await database.close();
    },
  };
}

/**
 * `pnpm bench:load` (SHEBAO_BENCH_STATS=1, started with an IPC channel): answers `stats` with
 * the statements sent so far and the process's memory, so statements per request can be counted
 * without a header or route that production could expose.
 */
function answerBenchStats(app: App): void {
  process.on('message', (message) => {
    if (message !== 'stats') return;
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ statements: app.database.sentCount(), rss, heapUsed });
  });
  process.channel?.unref();
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
  if (config.benchStats && process.send) answerBenchStats(app);
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
