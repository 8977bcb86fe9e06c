import { ApolloServer, HeaderMap } from '@apollo/server';
import { buildSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { DatabaseAvailability } from '../../db/availability.js';
import { databaseUnavailablePlugin } from './database-unavailable.plugin.js';
import { createFormatError } from './format-error.js';
import { unexpectedErrorsPlugin } from './unexpected-errors.plugin.js';

describe('a resolver that meets an unreachable database', () => {
  it('gets 503, Retry-After and SERVICE_UNAVAILABLE, reports the outage, and logs no error', async () => {
    const refused = Object.assign(new Error('Failed query: select …'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const warn = vi.fn();
    const availability = new DatabaseAvailability({ ping: () => Promise.reject(refused.cause), log: { warn }, probeIntervalMs: 60_000 });
    const log = { error: vi.fn() };
    const apollo = new ApolloServer({
      schema: buildSchema('type Query { a: String b: String }'),
      rootValue: { a: () => Promise.reject(refused), b: () => 'fine' },
      formatError: createFormatError({ production: true }),
      plugins: [unexpectedErrorsPlugin(log as never), databaseUnavailablePlugin(availability)],
    });
    await apollo.start();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query: '{ a b }' } },
      context: async () => ({}),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = JSON.parse((response.body as { string: string }).string) as { errors: Array<{ message: string; extensions: unknown }> };
    expect(body.errors).toEqual([{ message: expect.not.stringMatching(/select|ECONNREFUSED/), path: ['a'], extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 } }]);
    expect(log.error).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(availability.down).toBe(true));
    expect(warn).toHaveBeenCalledTimes(1);
    availability.close();
    await apollo.stop();
  });
});
