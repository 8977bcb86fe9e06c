import type { FastifyReply } from 'fastify';
import type { Principal } from '../authz/principal.js';
import type { RequestAccess } from '../authz/request-access.js';

/** Where a request comes from: the peer's address, or what a configured proxy says it is. */
export type Caller = { address: string };

/**
 * What every resolver receives, built once per request by the HTTP layer. Narrow on purpose: who
 * is asking, the request's authorization state, per-request loaders and the modules' services. No
 * database handle, no keys, no configuration: resolvers call services, services hold the queries.
 *
 * A module's resolvers name only the services and loaders they use, e.g.
 * `RequestContext<{ collection: CollectionService }, DevicesLoaders>`; the gateway's context
 * (schema/modules.ts) is the union of every module's.
 */
export type RequestContext<Services extends object = Record<never, never>, Loaders extends object = Record<never, never>> = {
  requestId: string;
  principal: Principal;
  access: RequestAccess;
  loaders: Loaders;
  services: Services;
  /** Where the request came from (the peer, or what a configured proxy says): for per-address throttles. */
  caller: Caller;
  /** For the few mutations that set or clear the session cookie. */
  reply: FastifyReply | undefined;
};
