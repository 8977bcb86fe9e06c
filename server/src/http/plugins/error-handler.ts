// Errors Fastify raises before GraphQL runs (body too large, bad JSON, rate limit) get the
// GraphQL error shape, with a code from the shared list.
import type { FastifyError, FastifyInstance } from 'fastify';
import { errorBody } from '../error-body.js';
import type { HttpPart } from '../http-options.js';

export const errorHandler: HttpPart = async (app) => registerErrorHandler(app);

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { retryAfterSeconds?: number }, _request, reply) => {
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
