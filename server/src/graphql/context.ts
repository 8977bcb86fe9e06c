import type { FastifyReply } from 'fastify';
import type { RequestAccess } from '../authz/request-access.js';
import type { Principal } from '../authz/principal.js';
import type { AppServices } from '../app-services.js';
import type { Loaders } from './loaders.js';

/** What every resolver receives. Built once per request in `createContext`. */
export type GraphQLContext = {
  requestId: string;
  principal: Principal;
  access: RequestAccess;
  loaders: Loaders;
  services: AppServices;
  /** For the few mutations that set or clear the session cookie. */
  reply: FastifyReply | undefined;
};
