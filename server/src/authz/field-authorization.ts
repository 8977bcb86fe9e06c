// Wraps the resolver of every tagged field with the request's decision. Applied once to the built
// schema; a denied field resolves to null and its children never run.
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { fieldAccessOf } from './field-tags.js';
import type { RequestAccess } from './request-access.js';

type WithAccess = { access: RequestAccess };

export function applyFieldAuthorization(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const interfaceFields = type.getInterfaces().map((i) => i.getFields());
    for (const field of Object.values(type.getFields())) {
      // A field declared on an interface keeps its tag when the implementing class does not repeat it.
      const access = fieldAccessOf(field.extensions) ?? interfaceFields.map((f) => fieldAccessOf(f[field.name]?.extensions)).find(Boolean);
      if (!access || 'structural' in access) continue;
      const resolve: GraphQLFieldResolver<unknown, WithAccess> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const requestAccess = context.access;
        if (requestAccess.decision) {
          return requestAccess.permits(access, info) ? resolve(source, args, context, info) : null;
        }
        return requestAccess.decide().then(() => (requestAccess.permits(access, info) ? resolve(source, args, context, info) : null));
      };
    }
  }
  return schema;
}

