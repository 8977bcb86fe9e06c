// Who may read the schema. A partner token: its own variant (authz/partner-schema.ts), in
// development and production alike. Otherwise, in production, introspection needs a developer
// credential (field suggestions are blocked there too, by graphql-armor); in development it is open.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { execute, Kind, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { PartnerSchemaVariants } from '../../authz/partner-schema.js';
import type { Principal } from '../../authz/principal.js';
import { requestError } from '../../lib/errors.js';
import { DEVELOPER_KEY_HEADER, isDeveloper } from '../developer-key.js';

const SCHEMA_FIELDS = new Set(['__schema', '__type']);

function asksForSchema(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((s) =>
    s.kind === Kind.FIELD ? SCHEMA_FIELDS.has(s.name.value) : s.kind === Kind.INLINE_FRAGMENT && asksForSchema(s.selectionSet),
  );
}

/** Only `__schema`, `__type` and `__typename` at the root (no fragment spreads): answerable from a variant alone. */
function onlyAsksForSchema(operation: OperationDefinitionNode): boolean {
  const only = (set: SelectionSetNode): boolean =>
    set.selections.every((s) => (s.kind === Kind.FIELD ? SCHEMA_FIELDS.has(s.name.value) || s.name.value === '__typename' : s.kind === Kind.INLINE_FRAGMENT && only(s.selectionSet)));
  return operation.operation === 'query' && only(operation.selectionSet);
}

export function introspectionPlugin(options: { production: boolean; developerKey: string | undefined; schema: GraphQLSchema }): ApolloServerPlugin<{ principal: Principal }> {
  const variants = new PartnerSchemaVariants(options.schema);
  return {
    async requestDidStart({ request }) {
      const developer = isDeveloper(options.developerKey, request.http?.headers.get(DEVELOPER_KEY_HEADER));
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
          const asks = (operation && asksForSchema(operation.selectionSet)) || fragments.some((f) => asksForSchema(f.selectionSet));
          if (!asks) return;
          if (contextValue.principal.kind === 'partner') {
            // Answered from the partner's variant below; mixed with data it could not be.
            if (!operation || !onlyAsksForSchema(operation)) throw requestError('BAD_USER_INPUT', 'Ask for the schema in an operation of its own');
            return;
          }
          if (options.production && !developer) throw requestError('FORBIDDEN', 'Introspection needs a developer or partner credential');
        },
        async responseForOperation({ operation, document, request, contextValue }) {
          const { principal } = contextValue;
          if (principal.kind !== 'partner' || !asksForSchema(operation.selectionSet)) return null;
          const result = await execute({
            schema: variants.for(principal.registeredCategories),
            document,
            operationName: request.operationName,
            variableValues: request.variables,
          });
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: result } };
        },
      };
    },
  };
}
