import { createHash } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import { SESSION_COOKIE } from '../../modules/accounts/index.js';
import type { HttpPart } from '../http-options.js';

/** Every route after this one is rate-limited: per credential where there is one, else per address. */
export const rateLimit: HttpPart = async (app, { config }) => {
  await app.register(fastifyRateLimit, {
    max: config.http.rateLimit.max,
    timeWindow: config.http.rateLimit.timeWindowMs,
    // Per credential, so one person's devices share a budget; else per address.
    keyGenerator: (request) => {
      const credential = request.headers.authorization ?? request.cookies?.[SESSION_COOKIE];
      return credential ? createHash('sha256').update(credential).digest('base64url') : request.ip;
    },
    // Thrown, then shaped by the error handler like every other pre-GraphQL error.
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s` }),
  });
};
