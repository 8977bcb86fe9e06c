// Unexpected errors are masked for clients (format-error.ts); operators still need to see them.
// Logged without the message, which may carry input values: name, path and the throwing frame.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FastifyBaseLogger } from 'fastify';
import { isClientVisible } from './format-error.js';

export function unexpectedErrorsPlugin(log: FastifyBaseLogger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isClientVisible(error.extensions?.code)) continue;
            const original = error.originalError ?? error;
            log.error({ err: { name: original.name, path: error.path?.join('.'), at: original.stack?.split('\n')[1]?.trim() } }, 'unexpected GraphQL error');
          }
        },
      };
    },
  };
}
