// The GraphQL schema: type-graphql resolvers from every module on the list, then the
// authorization layer (operation guards, field decisions). The gateway never serves a schema
// without it.
import 'reflect-metadata';
import { isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import { buildSchema, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { DATA_CATEGORIES } from '@shebao/vocabulary';
import { applyFieldAuthorization } from '../authz/field-authorization.js';
import { fieldAccessOf } from '../authz/field-tags.js';
import { applyOperationGuards, type GuardSettings } from '../authz/guards.js';
import '../graphql/enums.js';
import { applyArgumentChecks } from '../graphql/arguments.js';
import type { ResolverClass } from '../graphql/module.js';
import { MODULE_RESOLVERS, OPERATOR_RESOLVERS } from './modules.js';

/** The domain schema without authorization: for the benchmark's baseline and the printed SDL only. */
export async function buildDomainSchema(): Promise<GraphQLSchema> {
  const resolvers = MODULE_RESOLVERS as unknown as NonEmptyArray<ResolverClass>;
  const schema = await buildSchema({ resolvers, validate: false, emitSchemaFile: false });
  return documentFieldCategories(synchronousTypeResolution(plainPropertyReads(schema)));
}

/**
 * type-graphql puts a resolver on every field that has no resolver method, to run its middlewares
 * (none here) and read the property. graphql's default reads the same property, and graphql-jit
 * compiles a field without a resolver to that read inline; those resolvers go.
 */
function plainPropertyReads(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const hasMethod = (field: { target: object; name: string }) => storage.fieldResolvers.some((r) => r.getObjectType?.() === field.target && r.methodName === field.name);
  for (const declared of storage.objectTypes) {
    const type = schema.getType(declared.name);
    if (!isObjectType(type)) continue;
    const inherited = storage.interfaceTypes.filter((i) => declared.interfaceClasses?.includes(i.target)).flatMap((i) => i.fields ?? []);
    for (const field of [...inherited, ...(declared.fields ?? [])]) {
      const built = type.getFields()[field.schemaName];
      if (!built || hasMethod(field) || field.middlewares?.length || field.roles || field.name !== field.schemaName) continue;
      built.resolve = undefined;
    }
  }
  return schema;
}

/**
 * type-graphql wraps every custom `resolveType` in an async function; the compiled executor
 * (graphql-jit) calls it synchronously. Each abstract type gets its declared function back,
 * answering the type's name.
 */
function synchronousTypeResolution(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const nameOf = new Map<unknown, string>(storage.objectTypes.map((type) => [type.target, type.name]));
  for (const declared of [...storage.interfaceTypes, ...storage.unions]) {
    const type = schema.getType(declared.name);
    if (!declared.resolveType || !isAbstractType(type)) continue;
    const resolve = declared.resolveType as (...args: Parameters<GraphQLTypeResolver<unknown, unknown>>) => unknown;
    type.resolveType = (...args) => {
      const resolved = resolve(...args);
      return typeof resolved === 'string' ? resolved : nameOf.get(resolved);
    };
  }
  return schema;
}

/**
 * The schema the gateway serves: every operation behind its guard, every tagged field behind the
 * request's decision, every string argument checked. Without settings, guards behave as in
 * production (the stricter choice).
 */
export async function buildGatewaySchema(settings: GuardSettings = { production: true }): Promise<GraphQLSchema> {
  return applyFieldAuthorization(applyOperationGuards(applyArgumentChecks(await buildDomainSchema()), settings));
}

/** Schema docs say which consent each field needs, generated from the same tags that are enforced. */
function documentFieldCategories(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const access = fieldAccessOf(field.extensions);
      if (!access || 'structural' in access) continue;
      const note =
        'category' in access
          ? `Data category \`${access.category}\`${DATA_CATEGORIES[access.category].sensitive ? ' (sensitive: separate consent)' : ''}: the person's consent for the service, or for a partner the token scope plus the person's grant.`
          : 'Only the person themself.';
      field.description = field.description ? `${field.description}\n\n${note}` : note;
    }
  }
  return schema;
}

/** The operator console's schema without guards applied: for the printed SDL. */
export async function buildOperatorDomainSchema(): Promise<GraphQLSchema> {
  const resolvers = OPERATOR_RESOLVERS as unknown as NonEmptyArray<ResolverClass>;
  return plainPropertyReads(await buildSchema({ resolvers, validate: false, emitSchemaFile: false }));
}

/**
 * The schema `/operator/graphql` serves: its own resolvers only (never the gateway's), every
 * operation behind an operator guard (or `anyone` for signing in), every string argument checked.
 */
export async function buildOperatorSchema(settings: GuardSettings = { production: true }): Promise<GraphQLSchema> {
  return applyOperationGuards(applyArgumentChecks(await buildOperatorDomainSchema()), settings, 'operator');
}
