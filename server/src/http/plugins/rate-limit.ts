// Every route after this one is rate-limited (health probes opt out with `rateLimit: false`), by
// who is asking as authentication found it: a person's account (all their sessions together), a
// partner client per person, a researcher; no credential, or one that does not authenticate,
// counts against the caller's address. Counts live in the database, so every instance shares them.
import fastifyRateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Limits } from '../../config/config.js';
import type { RequestCounters } from '../../db/request-counters.js';
import { assertNever } from '../../lib/assert-never.js';
import type { HttpOptions, HttpPart } from '../http-options.js';
import { callerOf } from '../request-context.js';

type Budget = keyof Omit<Limits['requests'], 'windowSeconds'>;

/** The budget a request spends and its key, e.g. `perAccount` and `account:<id>`. */
function budgetOf(request: FastifyRequest): { budget: Budget; key: string } {
  const principal = request.authentication?.principal ?? { kind: 'anonymous' };
  switch (principal.kind) {
    case 'person':
      return { budget: 'perAccount', key: `account:${principal.accountId}` };
    case 'partner':
      return { budget: 'perPartnerPerson', key: `partner:${principal.partnerId}:${principal.accountId}` };
    case 'researcher':
      return { budget: 'perResearcher', key: `researcher:${principal.researcherId}` };
    case 'operator':
      return { budget: 'perOperator', key: `operator:${principal.operatorId}` };
    case 'anonymous':
      return { budget: 'perAddress', key: `address:${callerOf(request).address}` };
  }
  return assertNever(principal);
}

/** @fastify/rate-limit's store interface over the shared counters. */
function sharedStore(counters: RequestCounters) {
  return class SharedCounterStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      counters.hit(key).then(
        ({ hits, ttlMs }) => callback(null, { current: hits, ttl: ttlMs }),
        (error: unknown) => callback(error as Error),
      );
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

export type RateLimitDeps = Pick<HttpOptions, 'config' | 'requestCounters'>;

export const rateLimit: HttpPart = (app, options) => registerRateLimit(app, options);

/** Also for apps that mount only some of the product's routes (the OAuth tests). */
export async function registerRateLimit(app: FastifyInstance, { config, requestCounters }: RateLimitDeps): Promise<void> {
  const limits = config.limits.requests;
  await app.register(fastifyRateLimit, {
    store: sharedStore(requestCounters),
    timeWindow: limits.windowSeconds * 1000,
    keyGenerator: (request) => {
      const { budget, key } = budgetOf(request);
      return `${budget}|${key}`;
    },
    max: (_request, key) => limits[key.slice(0, key.indexOf('|')) as Budget],
    // Thrown, then shaped by the error handler like every other pre-GraphQL error.
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return { statusCode: 429, message: `Too many requests; retry in ${retryAfterSeconds} s`, retryAfterSeconds };
    },
  });
}
