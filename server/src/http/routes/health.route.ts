import type { HttpPart } from '../http-options.js';

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export const health: HttpPart = async (app, { isReady }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await isReady().catch(() => false);
    return ready ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' });
  });
};
