// Unexpected errors are masked for clients (format-error.ts); operators still need to see them.
// Logged without the message, which may carry SQL parameters, account ids or input values: the
// error's name, its SQLSTATE, the GraphQL path and the first stack frame (a file and a line).
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FastifyBaseLogger } from 'fastify';
import { isDatabaseTransient } from '../../db/availability.js';
import { sqlStateOf } from '../../db/database.js';
import { isClientVisible } from './format-error.js';

/** The first `at …` line of a stack; the lines before it are the message, however many there are. */
export function throwingFrame(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .find((line) => /^\s+at /.test(line))
    ?.trim();
}

export function unexpectedErrorsPlugin(log: FastifyBaseLogger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isClientVisible(error.extensions?.code)) continue;
            const original = error.originalError ?? error;
            // An outage is logged once by the availability tracker, not once per field.
            if (isDatabaseTransient(original)) continue;
            const cause = (original as { cause?: unknown }).cause;
            log.error(
              {
                err: {
                  name: original.name,
                  ...(cause instanceof Error && { cause: cause.name }),
                  sqlState: sqlStateOf(original),
                  path: error.path?.join('.'),
                  at: throwingFrame(original.stack),
                },
              },
              'unexpected GraphQL error',
            );
          }
        },
      };
    },
  };
}
