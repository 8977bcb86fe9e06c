import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { AccessRecorder } from '../authz/access-record.js';
import type { Config } from '../config/config.js';
import type { SigningKeys } from '../config/secrets.js';
import type { OAuthConsentPort, OAuthServer } from '../modules/partners/index.js';
import type { DatabaseAvailability } from '../db/availability.js';
import type { RequestCounters } from '../db/request-counters.js';
import type { PersistedDocuments } from './plugins/trusted-documents.js';
import type { GatewayDeps } from './request-context.js';

/** Everything the HTTP layer is given by the composition root. */
export type HttpOptions = {
  /** Policy values (proxies, limits, body size), logging, `production`, the client build. */
  config: Config;
  schema: GraphQLSchema;
  gateway: GatewayDeps;
  /** Where access records go (the audit module). */
  accessLog: AccessRecorder;
  /** Every signing key's public part is published at /.well-known/jwks.json. */
  signing: Pick<SigningKeys, 'publicJwks'>;
  persistedDocuments: PersistedDocuments;
  /** The partner authorization server, mounted under /oauth, and the consent ledger behind its consent screen. */
  oauth: { server: OAuthServer; consent: OAuthConsentPort };
  /** The rate limit's counts, shared by every instance. */
  requestCounters: RequestCounters;
  /** Where logs go instead of stdout (tests read the whole log). */
  logDestination?: NodeJS.WritableStream;
  /** Database reachable and every migration applied. */
  isReady: () => Promise<boolean>;
  /** Whether the database is reachable, as requests find out; while not, requests get 503 at once. */
  availability: DatabaseAvailability;
};

/** One plugin or route: registered in list order by http/server.ts. */
export type HttpPart = (app: FastifyInstance, options: HttpOptions) => Promise<void>;
