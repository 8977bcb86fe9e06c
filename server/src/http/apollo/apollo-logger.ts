// Apollo Server logs some failures with the error's message in the text ("Unexpected error
// processing request: <message>"), and a message may quote what was sent. Only the words before
// the first colon reach the log.
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type { FastifyBaseLogger } from 'fastify';

type Logger = NonNullable<ApolloServerOptions<BaseContext>['logger']>;

const headline = (message: unknown) => String(message instanceof Error ? message.name : message).split(':')[0]!.slice(0, 120);

export function apolloLogger(log: FastifyBaseLogger): Logger {
  return {
    debug: (message) => log.debug(`apollo: ${headline(message)}`),
    info: (message) => log.info(`apollo: ${headline(message)}`),
    warn: (message) => log.warn(`apollo: ${headline(message)}`),
    error: (message) => log.error(`apollo: ${headline(message)}`),
  };
}
