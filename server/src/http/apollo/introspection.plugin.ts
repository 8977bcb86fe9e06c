// In production the schema is not for browsing: introspection needs a developer credential.
// (Field suggestions are blocked there too, by graphql-armor.) In development it is open.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type SelectionSetNode } from 'graphql';
import { requestError } from '../../lib/errors.js';
import { DEVELOPER_KEY_HEADER, isDeveloper } from '../developer-key.js';

function asksForSchema(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((s) =>
    s.kind === Kind.FIELD ? s.name.value === '__schema' || s.name.value === '__type' : s.kind === Kind.INLINE_FRAGMENT && asksForSchema(s.selectionSet),
  );
}

export function introspectionPlugin(options: { production: boolean; developerKey: string | undefined }): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      if (!options.production) return;
      const allowed = isDeveloper(options.developerKey, request.http?.headers.get(DEVELOPER_KEY_HEADER));
      return {
        async didResolveOperation({ operation, document }) {
          if (allowed) return;
          const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
          if ((operation && asksForSchema(operation.selectionSet)) || fragments.some((f) => asksForSchema(f.selectionSet))) {
            throw requestError('FORBIDDEN', 'Introspection needs a developer credential');
          }
        },
      };
    },
  };
}
