// Turns an HTTP request into the GraphQL context: who is asking (from the credential alone),
// the per-request authorization state, the loaders and the modules' services. Nothing else:
// no database handle, no keys, no configuration reach a resolver.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessDecisionCache } from '../authz/access-decision.js';
import type { Principal } from '../authz/principal.js';
import { RequestAccess } from '../authz/request-access.js';
import type { Executor } from '../db/database.js';
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

async function authenticate(deps: GatewayDeps, request: FastifyRequest): Promise<Principal> {
  const { services } = deps;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^(Bearer|DPoP) ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
    if (!match) throw requestError('UNAUTHENTICATED', 'Malformed Authorization header; expected "Bearer <token>" or "DPoP <token>"');
    const dpop = request.headers.dpop;
    const principal = await principalForToken(services, match[2]!, {
      scheme: match[1] as 'Bearer' | 'DPoP',
      dpopProof: typeof dpop === 'string' ? dpop : undefined,
      method: request.method,
      url: `${deps.publicUrl}${request.url}`,
    });
    if (!principal) throw requestError('UNAUTHENTICATED', 'The token is invalid, expired or revoked');
    return principal;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    // A stale cookie (signed out elsewhere) is simply no session: the PWA shows sign-in.
    return (await services.sessions.principalFor(cookie)) ?? { kind: 'anonymous' };
  }
  return { kind: 'anonymous' };
}

/** The context for one operation by `principal` (also for in-process callers such as the benchmark). */
export function contextFor(deps: GatewayDeps, principal: Principal, requestId: string, reply?: FastifyReply): AppContext {
  return {
    requestId,
    principal,
    access: new RequestAccess(principal, deps.db, deps.decisions),
    loaders: deps.loaders(),
    services: deps.services,
    reply,
  };
}

export async function createRequestContext(deps: GatewayDeps, request: FastifyRequest, reply: FastifyReply): Promise<AppContext> {
  return contextFor(deps, await authenticate(deps, request), request.id, reply);
}
