import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import { appError } from '../lib/errors.js';

export const DateTimeScalar = DateTimeISOResolver;
export const JSONScalar = JSONResolver;

const localDatePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date without time zone, "YYYY-MM-DD".',
  serialize: (value) => String(value),
  parseValue: (value) => parseLocalDate(value),
  parseLiteral: (ast) => parseLocalDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseLocalDate(value: unknown): string {
  if (typeof value !== 'string' || !localDatePattern.test(value) || Number.isNaN(Date.parse(value))) {
    throw appError('BAD_USER_INPUT', 'LocalDate must be a date "YYYY-MM-DD"');
  }
  return value;
}

export const DataCategoryScalar = new GraphQLScalarType<DataCategory, string>({
  name: 'DataCategory',
  description: 'A data category, e.g. "insurance.balance". The vocabulary of scopes, consent and field tags.',
  serialize: (value) => String(value),
  parseValue: (value) => parseCategory(value),
  parseLiteral: (ast) => parseCategory(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseCategory(value: unknown): DataCategory {
  if (!isDataCategory(value)) {
    throw appError('BAD_USER_INPUT', 'Unknown data category');
  }
  return value;
}
