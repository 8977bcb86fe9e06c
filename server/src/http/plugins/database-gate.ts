// While the database is out of reach, every request that would need it is answered at once with
// 503 + Retry-After instead of queueing for a connection: nothing piles up during an outage, and
// nothing queued runs after its client has given up. Liveness and readiness still answer.
import type { HttpPart } from '../http-options.js';
import { sendUnavailable } from './error-handler.js';

const WITHOUT_DATABASE = new Set(['/healthz', '/readyz']);

export const databaseGate: HttpPart = async (app, { availability }) => {
  app.addHook('onRequest', async (request, reply) => {
    if (availability.down && !WITHOUT_DATABASE.has(request.routeOptions.url ?? '')) return sendUnavailable(reply);
  });
};
