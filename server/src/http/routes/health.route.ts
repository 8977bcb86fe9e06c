import type { HttpPart } from '../http-options.js';

/** Probes are never rate-limited: a busy address must not make an instance look dead. */
const PROBE = { config: { rateLimit: false } } as const;

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export const health: HttpPart = async (app, { isReady }) => {
  app.get('/healthz', PROBE, async () => ({ status: 'ok' }));
  app.get('/readyz', PROBE, async (_request, reply) => {
    const ready = await isReady().catch(() => false);
    return ready ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' });
  });
};
