import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { JWK } from 'jose';
import type { AccessRecorder } from '../authz/access-record.js';
import type { Config } from '../config/config.js';
import type { OAuthConsentPort, OAuthServer } from '../modules/partners/index.js';
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
  /** Published at /.well-known/jwks.json. */
  publicJwk: JWK;
  persistedDocuments: PersistedDocuments;
  /** The operator console's endpoint (/operator/graphql): its own schema and trusted documents. */
  operator: { schema: GraphQLSchema; persistedDocuments: PersistedDocuments };
  /** The partner authorization server, mounted under /oauth, and the consent ledger behind its consent screen. */
  oauth: { server: OAuthServer; consent: OAuthConsentPort };
  /** The rate limit's counts, shared by every instance. */
  requestCounters: RequestCounters;
  /** Where logs go instead of stdout (tests read the whole log). */
  logDestination?: NodeJS.WritableStream;
  /** Database reachable and every migration applied. */
  isReady: () => Promise<boolean>;
};

/** One plugin or route: registered in list order by http/server.ts. */
export type HttpPart = (app: FastifyInstance, options: HttpOptions) => Promise<void>;
