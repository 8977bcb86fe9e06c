// What a client sees of an error: codes from the shared list pass as they are (values a person
// typed are cut from the message); anything else is masked, with no stack trace and no internals.
import type { GraphQLFormattedError } from 'graphql';
import { SERVER_ERROR_CODES, type ErrorCode } from '@shebao/vocabulary';

const CLIENT_VISIBLE = new Set<string>(SERVER_ERROR_CODES);

export function isClientVisible(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_VISIBLE.has(code);
}

export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message;
  // graphql-armor reports its limits as "Syntax Error: … limit of N exceeded": give them a code of their own.
  if (/limit of \d+ exceeded/i.test(message)) {
    return { message: message.replace(/^Syntax Error: /, ''), extensions: { code: 'QUERY_TOO_COMPLEX' satisfies ErrorCode } };
  }
  if (message.startsWith('Syntax Error:')) return { message, locations: formatted.locations, extensions: { code: 'GRAPHQL_PARSE_FAILED' satisfies ErrorCode } };
  if (isClientVisible(formatted.extensions?.code)) {
    // Variable coercion errors echo the value sent; values may be personal, so keep only the reason.
    const safe = message.replace(/got invalid value .*?; /s, 'got an invalid value; ').replace(/(cannot represent[^:]*): .*$/s, '$1');
    return { ...formatted, message: safe };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode } };
}
