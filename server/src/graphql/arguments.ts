// Argument values are checked at the edge, before a service sees them: every string for what the
// database can store (all of them, through the schema), and ids and cursors for their exact
// shape (where they are read). A bad one is BAD_USER_INPUT naming the argument; the message never
// repeats the value.
import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { z } from 'zod';
import { appError } from '../lib/errors.js';
import { decodeCursor, fromGlobalId } from './global-ids.js';

/** A NUL (PostgreSQL text cannot hold it) or a lone UTF-16 surrogate (not a character at all). */
// eslint-disable-next-line no-control-regex -- the NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badInput(field: string, expected: string): never {
  throw appError('BAD_USER_INPUT', `${field}: ${expected}`, { field });
}

function checkValue(value: unknown, type: GraphQLInputType, path: string): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, path);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, index) => checkValue(item, type.ofType, `${path}[${index}]`));
    return;
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) checkValue((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`);
    return;
  }
  if (typeof value === 'string' && UNSTORABLE.test(value)) badInput(path, 'must not contain a NUL character or an unpaired surrogate');
}

function carriesStrings(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => carriesStrings(field.type, seen));
}

/** Every field with string-bearing arguments checks them before its resolver runs. */
export function applyArgumentChecks(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const checked: readonly GraphQLArgument[] = field.args.filter((arg) => carriesStrings(arg.type));
      if (checked.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const arg of checked) checkValue(args[arg.name], arg.type, arg.name);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

const uuid = z.guid();

/** An id column's value: a UUID, exactly. */
export function uuidArgument(value: string, field: string): string {
  return uuid.safeParse(value).success ? value : badInput(field, 'expected an id');
}

/** A global id (`Type:uuid`, base64url) as `node(id)` and friends take it. */
export function globalIdArgument(value: string, field: string): { type: string; id: string } {
  const ref = /^[A-Za-z0-9_-]{1,200}$/.test(value) ? fromGlobalId(value) : null;
  if (!ref || !/^[A-Z]\w{0,63}$/.test(ref.type) || !uuid.safeParse(ref.id).success) badInput(field, 'expected a global id');
  return ref;
}

/** A page cursor this server handed out, decoded and checked against the shape it was made with. */
export function cursorArgument<T>(value: string, field: string, shape: z.ZodType<T>): T {
  const parsed = shape.safeParse(decodeCursor(value));
  return parsed.success ? parsed.data : badInput(field, 'expected a cursor from a previous page');
}

/** A calendar date "YYYY-MM-DD" that exists (no 31 February), years 1000–9999. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

export const cursorParts = {
  uuid,
  localDate: z.string().refine(isLocalDate),
  /** A positive 32-bit integer (sequence numbers). */
  sequence: z.number().int().positive().max(2_147_483_647),
};
