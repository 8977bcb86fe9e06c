// What a client sees of an error. Codes from the shared list pass; anything else is masked, with
// no stack trace and no internals. No message repeats a value that was sent: graphql-js's parse
// and coercion messages are rebuilt from what they name (the variable, the argument, the type
// expected), and in production no message suggests a name ("Did you mean …?").
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { SERVER_ERROR_CODES, type ErrorCode } from '@shebao/vocabulary';
import { isDatabaseTransient } from '../../db/availability.js';
import { AppError, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../../lib/errors.js';

const CLIENT_VISIBLE = new Set<string>(SERVER_ERROR_CODES);

export function isClientVisible(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_VISIBLE.has(code);
}

/** Removes "Did you mean …?" of every kind (fields, arguments, types, enum values). */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * Why a value was refused, in words that do not repeat it. Our own scalars and validators raise
 * AppErrors whose messages never carry input; graphql-js's built-in reasons are rebuilt here.
 */
export function reasonWithoutValue(reason: GraphQLError | Error | undefined): string {
  if (reason instanceof AppError) return reason.message;
  const message = withoutSuggestions(reason?.message ?? '');
  const enumMatch = /(?:does not exist in|Enum) "(\w+)"/.exec(message);
  if (enumMatch) return `Expected a value of enum "${enumMatch[1]}".`;
  const builtIn = /^(String|Int|Float|Boolean|ID) cannot represent ([^:]*):/.exec(message);
  if (builtIn) return `${builtIn[1]} cannot represent ${builtIn[2]!.replace(/ value$/, '')} values.`;
  const expected = /^Expected (?:value of )?type "([^"]+)"( to be an object)?/.exec(message);
  if (expected) return `Expected a value of type "${expected[1]}".`;
  const required = /^Field "(\w+)" of required type "([^"]+)" was not provided\.$/.exec(message);
  if (required) return required[0];
  const unknown = /is not defined by type "(\w+)"/.exec(message);
  if (unknown) return `A field that "${unknown[1]}" does not define.`;
  return 'Invalid value.';
}

/** A syntax error says what was wrong and where, never the text around it. */
function syntaxError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const description = formatted.message.split('\n')[0]!.replace(/^Syntax Error:\s*/, '');
  const tokens = /^Document contains more tha[nt] (\d+) tokens/.exec(description);
  if (tokens) return { message: `Token limit of ${tokens[1]} exceeded.`, extensions: { code: 'QUERY_TOO_COMPLEX' satisfies ErrorCode } };
  const safe = description
    .replace(/:\s.*$/, '')
    .replace(/\s*"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\s*[.,]$/, '');
  return { message: `Syntax Error: ${safe}.`, locations: formatted.locations, extensions: { code: 'GRAPHQL_PARSE_FAILED' satisfies ErrorCode } };
}

/** `Variable "$x" got invalid value …; reason` → the variable, where in it, and what was expected. */
function variableError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(formatted.message)?.[1];
  if (!variable) return null;
  // graphql-js writes `prefix; reason`: cut the known reason off the end, then read the path at the end of the prefix.
  const reason = (error as GraphQLError | undefined)?.originalError ?? undefined;
  const prefix = reason && formatted.message.endsWith(`; ${reason.message}`) ? formatted.message.slice(0, -reason.message.length - 2) : '';
  const at = / at "(\$?\w+(?:\.\w+|\[\d+\])*)"$/.exec(prefix)?.[1];
  return {
    message: `Variable "$${variable}" got an invalid value${at ? ` at "${at}"` : ''}. ${reasonWithoutValue(reason)}`,
    locations: formatted.locations,
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, field: at ?? variable },
  };
}

export function createFormatError(options: { production: boolean }) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const code = formatted.extensions?.code;
    const shaped = shape(formatted, error, code);
    return options.production ? { ...shaped, message: withoutSuggestions(shaped.message) } : shaped;
  };
}

function shape(formatted: GraphQLFormattedError, error: unknown, code: unknown): GraphQLFormattedError {
  // graphql-armor reports its limits as "… limit of N exceeded": they get a code of their own.
  if (/limit of \d+ exceeded/i.test(formatted.message)) {
    return { message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: 'QUERY_TOO_COMPLEX' satisfies ErrorCode } };
  }
  if (code === 'GRAPHQL_PARSE_FAILED') return syntaxError(formatted);
  // A literal argument of the wrong shape, already reworded by input-errors.plugin.ts.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.extensions && 'field' in formatted.extensions) {
    return { ...formatted, extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, field: formatted.extensions.field } };
  }
  if (code === 'BAD_USER_INPUT') {
    const variable = variableError(formatted, error);
    if (variable) return variable;
  }
  if (isClientVisible(code)) return formatted;
  // The database out of reach or too busy: retryable, not a fault of the server (plugin sets 503).
  if (isDatabaseTransient((error as GraphQLError | undefined)?.originalError ?? error)) {
    return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode, retryAfterSeconds: RETRY_AFTER_SECONDS } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode } };
}
