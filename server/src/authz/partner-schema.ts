// A partner's own view of the schema, like a contract variant: the queries a partner may call and
// the fields its registration can ever return (its categories, plus untagged and structural
// fields), pruned to the types still reachable. Introspection with a partner token runs against
// this. One variant per set of registered categories, so a registry change is a new key.
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { isInterfaceType, isObjectType, type GraphQLFieldConfig, type GraphQLInputFieldConfig, type GraphQLSchema, type GraphQLType } from 'graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { fieldAccessOf, PERSONAL_TYPE_EXTENSION } from './field-tags.js';
import { partnerMayCall } from './guards.js';

/** Registrations are few; the bound only keeps a runaway registry from growing the cache without end. */
const MAX_VARIANTS = 256;

function visibleTo(registered: ReadonlySet<DataCategory>) {
  return (_typeName: string, _fieldName: string, field: GraphQLFieldConfig<unknown, unknown> | GraphQLInputFieldConfig) => {
    const access = fieldAccessOf(field.extensions);
    if (!access || 'structural' in access) return true;
    if ('ownerOnly' in access) return false;
    return registered.has(access.category);
  };
}

/**
 * A personal type none of whose fields carries a registered category (only ids and paging) can
 * return the partner nothing, even where an interface (`Node`) would still reach it.
 */
function returnsSomething(registered: ReadonlySet<DataCategory>) {
  return (_name: string, type: GraphQLType) => {
    if (!(isObjectType(type) || isInterfaceType(type)) || !type.extensions?.[PERSONAL_TYPE_EXTENSION]) return true;
    return Object.values(type.getFields()).some((field) => {
      const access = fieldAccessOf(field.extensions);
      return access !== undefined && 'category' in access && registered.has(access.category);
    });
  };
}

export function partnerSchemaVariant(schema: GraphQLSchema, registered: readonly DataCategory[]): GraphQLSchema {
  const categories = new Set(registered);
  const fieldFilter = visibleTo(categories);
  return pruneSchema(
    filterSchema({
      schema,
      typeFilter: returnsSomething(categories),
      // Partners read: queries only, those whose guard admits them.
      rootFieldFilter: (operation, _name, field) => operation === 'Query' && partnerMayCall(field.extensions),
      objectFieldFilter: fieldFilter,
      interfaceFieldFilter: fieldFilter,
    }),
  );
}

export class PartnerSchemaVariants {
  private readonly variants = new Map<string, GraphQLSchema>();

  constructor(private readonly schema: GraphQLSchema) {}

  for(registered: readonly DataCategory[]): GraphQLSchema {
    const key = [...new Set(registered)].sort().join(' ');
    let variant = this.variants.get(key);
    if (!variant) {
      if (this.variants.size >= MAX_VARIANTS) this.variants.clear();
      variant = partnerSchemaVariant(this.schema, registered);
      this.variants.set(key, variant);
    }
    return variant;
  }
}
