import type { HttpPart } from '../http-options.js';

/** Probes are never rate-limited: a busy address must not make an instance look dead. */
const PROBE = { config: { rateLimit: false } } as const;

/** A load balancer's probe must get an answer within a second, whatever the database is doing. */
const READY_DEADLINE_MS = 800;

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export const health: HttpPart = async (app, { isReady }) => {
  app.get('/healthz', PROBE, async () => ({ status: 'ok' }));
  app.get('/readyz', PROBE, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => (timer = setTimeout(resolve, READY_DEADLINE_MS, false)));
    const ready = await Promise.race([isReady().catch(() => false), deadline]).finally(() => clearTimeout(timer));
    return ready ? reply.header('cache-control', 'no-store').send({ status: 'ready' }) : reply.code(503).header('cache-control', 'no-store').send({ status: 'not ready' });
  });
};
