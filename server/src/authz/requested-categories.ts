// Which categories an operation can read, given a decision: a walk of the operation's selections
// (fragments expanded) that stops below any field the decision withholds. Lets the access record
// be written while the operation executes instead of after it.
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { AccessDecision } from './access-decision.js';
import type { DataCategory } from '@shebao/vocabulary';
import { fieldAccessOf } from './field-tags.js';

export function requestedCategories(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  decision: AccessDecision,
): Set<DataCategory> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const found = new Set<DataCategory>();
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : null;
  const visiting = new Set<string>();

  const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!(isObjectType(type) || isInterfaceType(type))) continue; // unions only have __typename
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const access = fieldAccessOf(field.extensions);
        if (access && 'category' in access) {
          if (!decision.allowed.has(access.category)) continue;
          found.add(access.category);
        } else if (access && 'ownerOnly' in access && !decision.isOwner) {
          continue;
        }
        const target = getNamedType(field.type);
        if (selection.selectionSet && (isObjectType(target) || isInterfaceType(target) || isUnionType(target))) {
          walk(target, selection.selectionSet);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
        if (condition) walk(condition, selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        const condition = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        if (condition) walk(condition, fragment.selectionSet);
        visiting.delete(fragment.name.value);
      }
    }
  };
  if (root) walk(root, operation.selectionSet);
  return found;
}
