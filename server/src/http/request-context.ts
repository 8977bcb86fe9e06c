// Turns an HTTP request into the GraphQL context: who is asking (from the credential alone),
// the per-request authorization state and the DataLoaders.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../app-services.js';
import type { Principal } from '../authz/principal.js';
import { RequestAccess } from '../authz/request-access.js';
import type { GraphQLContext } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import { requestError } from '../lib/errors.js';
import { principalForSession, SESSION_COOKIE, SESSION_PREFIX } from '../modules/accounts/session.js';

export async function authenticate(services: AppServices, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
    if (!match) throw requestError('UNAUTHENTICATED', 'Malformed Authorization header; expected "Bearer <token>"');
    const token = match[1]!;
    const principal = token.startsWith(SESSION_PREFIX)
      ? await principalForSession(services.db, token)
      : await services.partnerTokens.principalForToken(token);
    if (!principal) throw requestError('UNAUTHENTICATED', 'The token is invalid, expired or revoked');
    return principal;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    // A stale cookie (signed out elsewhere) is simply no session: the PWA shows sign-in.
    return (await principalForSession(services.db, cookie)) ?? { kind: 'anonymous' };
  }
  return { kind: 'anonymous' };
}

export async function createRequestContext(services: AppServices, request: FastifyRequest, reply: FastifyReply): Promise<GraphQLContext> {
  const principal = await authenticate(services, request);
  return {
    requestId: request.id,
    principal,
    access: new RequestAccess(principal, services.db, services.decisions),
    loaders: createLoaders(services.db),
    services,
    reply,
  };
}
