// Turns an HTTP request into the GraphQL context: who is asking (from the credential alone),
// the per-request authorization state, the loaders and the modules' services. Nothing else:
// no database handle, no keys, no configuration reach a resolver.
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import type { AccessDecisionCache } from '../authz/access-decision.js';
import type { Principal } from '../authz/principal.js';
import { RequestAccess } from '../authz/request-access.js';
import type { Executor } from '../db/database.js';
import type { Caller } from '../graphql/context.js';
import { requestError } from '../lib/errors.js';
import { SESSION_COOKIE, SESSION_PREFIX } from '../modules/accounts/index.js';
import type { TokenPresentation } from '../modules/partners/index.js';
import type { AppContext, AppLoaders, AppServices } from '../schema/modules.js';

/** What the HTTP layer needs to build each request's context. */
export type GatewayDeps = {
  /** For the request's authorization state only (its decision reads the consent ledger). */
  db: Executor;
  decisions: AccessDecisionCache;
  services: AppServices;
  loaders: () => AppLoaders;
  /** The origin clients address (the OAuth issuer's): a DPoP proof names the URL as they saw it. */
  publicUrl: string;
};

/** The credential's verdict, reached once per request (plugins/authentication.ts). */
export type Authentication = {
  principal: Principal;
  /** A person's session authenticated the request (the cookie or `Bearer sbs_…`). */
  bySession: boolean;
  /** A credential was presented and did not authenticate: the request counts as anonymous, and GraphQL refuses it with this. */
  refusal?: GraphQLError;
};

const ANONYMOUS: Authentication = { principal: { kind: 'anonymous' }, bySession: false };

/**
 * A token's principal, or null when invalid: a PWA session (`sbs_…`), a development researcher
 * JWT (has dots), or else a partner's opaque OAuth access token, checked in-process (grant,
 * audience, expiry, DPoP binding, partner active).
 */
export function principalForToken(
  services: Pick<AppServices, 'sessions' | 'researcherTokens' | 'partnerAccess'>,
  token: string,
  presentation: TokenPresentation = { scheme: 'Bearer', method: 'POST', url: '' },
): Promise<Principal | null> {
  if (presentation.scheme !== 'DPoP' && token.startsWith(SESSION_PREFIX)) return services.sessions.principalFor(token);
  if (presentation.scheme !== 'DPoP' && token.includes('.')) return services.researcherTokens.principalForToken(token);
  return services.partnerAccess.principalFor(token, presentation);
}

export async function authenticate(deps: Pick<GatewayDeps, 'services' | 'publicUrl'>, request: FastifyRequest): Promise<Authentication> {
  const { services } = deps;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^(Bearer|DPoP) ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
    if (!match) return { ...ANONYMOUS, refusal: requestError('UNAUTHENTICATED', 'Malformed Authorization header; expected "Bearer <token>" or "DPoP <token>"') };
    const dpop = request.headers.dpop;
    const principal = await principalForToken(services, match[2]!, {
      scheme: match[1] as 'Bearer' | 'DPoP',
      dpopProof: typeof dpop === 'string' ? dpop : undefined,
      method: request.method,
      url: `${deps.publicUrl}${request.url}`,
    });
    if (!principal) return { ...ANONYMOUS, refusal: requestError('UNAUTHENTICATED', 'The token is invalid, expired or revoked') };
    return { principal, bySession: principal.kind === 'person' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    // A stale cookie (signed out elsewhere) is simply no session: the PWA shows sign-in.
    const principal = await services.sessions.principalFor(cookie);
    return principal ? { principal, bySession: true } : ANONYMOUS;
  }
  return ANONYMOUS;
}

/** The caller's address as limits and throttles count it: an IPv6 /64 is one address (one subscriber's prefix). */
export function callerOf(request: FastifyRequest): Caller {
  return { address: normalizeIP(request.ip, 64) };
}

/** The context for one operation by `principal` (also for in-process callers such as the benchmark). */
export function contextFor(deps: GatewayDeps, principal: Principal, requestId: string, caller: Caller, reply?: FastifyReply): AppContext {
  return {
    requestId,
    principal,
    access: new RequestAccess(principal, deps.db, deps.decisions),
    loaders: deps.loaders(),
    services: deps.services,
    caller,
    reply,
  };
}

export async function createRequestContext(deps: GatewayDeps, request: FastifyRequest, reply: FastifyReply): Promise<AppContext> {
  const authentication = request.authentication ?? (await authenticate(deps, request));
  if (authentication.refusal) throw authentication.refusal;
  return contextFor(deps, authentication.principal, request.id, callerOf(request), reply);
}
