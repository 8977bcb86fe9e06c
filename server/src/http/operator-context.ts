// Who is asking on the operator endpoint: the operator session cookie and nothing else. A person's
// session (cookie or bearer), a partner token or a researcher token never becomes anyone here.
import type { FastifyRequest } from 'fastify';
import { requestError } from '../lib/errors.js';
import { OPERATOR_COOKIE } from '../modules/operators/index.js';
import type { Authentication, GatewayDeps } from './request-context.js';

const ANONYMOUS: Authentication = { principal: { kind: 'anonymous' }, bySession: false };

export async function authenticateOperator(deps: Pick<GatewayDeps, 'services'>, request: FastifyRequest): Promise<Authentication> {
  if (request.headers.authorization !== undefined) {
    return { ...ANONYMOUS, refusal: requestError('UNAUTHENTICATED', 'The operator endpoint takes the operator session cookie only') };
  }
  const cookie = request.cookies?.[OPERATOR_COOKIE];
  if (!cookie) return ANONYMOUS;
  // An idle, expired or revoked session is no session: the console shows sign-in.
  const principal = await deps.services.operatorSessions.principalFor(cookie);
  return principal ? { principal, bySession: false } : ANONYMOUS;
}
