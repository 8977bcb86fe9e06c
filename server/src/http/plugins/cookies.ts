import fastifyCookie from '@fastify/cookie';
import type { HttpPart } from '../http-options.js';

/** Parses cookies (the PWA's session cookie) and lets resolvers set them through the reply. */
export const cookies: HttpPart = async (app) => {
  await app.register(fastifyCookie);
};
