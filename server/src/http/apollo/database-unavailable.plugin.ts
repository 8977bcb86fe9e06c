// A resolver that met an unreachable or overloaded database: the client gets 503, Retry-After
// and SERVICE_UNAVAILABLE (format-error.ts gives the error that code), like every other route,
// and the outage is reported to the availability tracker, which logs it once.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DatabaseAvailability } from '../../db/availability.js';
import { RETRY_AFTER_SECONDS } from '../../lib/errors.js';

export function databaseUnavailablePlugin(availability: DatabaseAvailability): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) availability.observe(error.originalError ?? error);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
          if (!unavailable) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
