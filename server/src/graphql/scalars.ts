import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import { appError, literalError } from '../lib/errors.js';
import { isLocalDate } from './arguments.js';

/**
 * graphql-scalars' DateTimeISO, with input errors that do not repeat the value (its own say
 * "DateTime cannot represent an invalid date-time-string <value>").
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeISOResolver.toConfig(),
  parseValue: (value: unknown) => parseDateTime(() => DateTimeISOResolver.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) => atLiteral(ast, () => parseDateTime(() => DateTimeISOResolver.parseLiteral(ast, variables))),
});

function parseDateTime(parse: () => unknown): unknown {
  try {
    return parse();
  } catch {
    throw appError('BAD_USER_INPUT', 'DateTimeISO must be an ISO 8601 date-time with an offset, e.g. "2027-01-31T08:00:00Z"');
  }
}

/** A literal refused by a scalar is reported at its node, so the error can name the argument. */
function atLiteral<T>(ast: ValueNode, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw literalError(ast, (error as Error).message);
  }
}

export const JSONScalar = JSONResolver;

export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date without time zone, "YYYY-MM-DD".',
  serialize: (value) => String(value),
  parseValue: (value) => parseLocalDate(value),
  parseLiteral: (ast) => atLiteral(ast, () => parseLocalDate(ast.kind === Kind.STRING ? ast.value : undefined)),
});

function parseLocalDate(value: unknown): string {
  if (!isLocalDate(value)) throw appError('BAD_USER_INPUT', 'LocalDate must be a calendar date "YYYY-MM-DD" that exists');
  return value;
}

export const DataCategoryScalar = new GraphQLScalarType<DataCategory, string>({
  name: 'DataCategory',
  description: 'A data category, e.g. "insurance.balance". The vocabulary of scopes, consent and field tags.',
  serialize: (value) => String(value),
  parseValue: (value) => parseCategory(value),
  parseLiteral: (ast) => atLiteral(ast, () => parseCategory(ast.kind === Kind.STRING ? ast.value : undefined)),
});

function parseCategory(value: unknown): DataCategory {
  if (!isDataCategory(value)) {
    throw appError('BAD_USER_INPUT', 'Unknown data category');
  }
  return value;
}
