// Errors Fastify raises before GraphQL runs (body too large, bad JSON, rate limit) get the
// GraphQL error shape, with a code from the shared list. The database out of reach (or too busy
// to answer) is a 503 the client may retry, never a 500.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isDatabaseTransient, type DatabaseAvailability } from '../../db/availability.js';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../../lib/errors.js';
import { sqlStateOf } from '../../db/database.js';
import { errorBody } from '../error-body.js';
import type { HttpPart } from '../http-options.js';

export const errorHandler: HttpPart = async (app, { availability }) => registerErrorHandler(app, availability);

export function registerErrorHandler(app: FastifyInstance, availability?: DatabaseAvailability): void {
  app.setErrorHandler((error: FastifyError & { retryAfterSeconds?: number }, _request, reply) => {
    if (isDatabaseTransient(error)) {
      // An outage is logged once, by the availability tracker; a busy database each time.
      if (!availability?.observe(error)) app.log.warn({ err: { type: error.name, sqlState: sqlStateOf(error) } }, 'database could not answer');
      return sendUnavailable(reply);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) app.log.error({ err: { type: error.name, code: error.code } }, 'request failed');
    if (status === 429) {
      const retryAfterSeconds = error.retryAfterSeconds ?? 60;
      return reply.code(429).header('retry-after', retryAfterSeconds).send(errorBody('RATE_LIMITED', error.message, { retryAfterSeconds }));
    }
    const code = status === 413 ? 'REQUEST_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    const message = status < 500 ? error.message : 'Internal server error';
    return reply.code(status).send(errorBody(code, message));
  });
}

/** The one answer while the database cannot serve: GraphQL error shape, retryable code, Retry-After. */
export function sendUnavailable(reply: FastifyReply) {
  return reply
    .code(503)
    .header('retry-after', RETRY_AFTER_SECONDS)
    .header('cache-control', 'no-store')
    .send(errorBody('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE, { retryAfterSeconds: RETRY_AFTER_SECONDS }));
}
