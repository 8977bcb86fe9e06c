// Which categories an operation can read, given a decision: a walk of the operation's selections
// (fragments expanded) that stops below any field the decision withholds. Lets the access record
// be written while the operation executes instead of after it, and labels each part of a
// response (the fields one level below a root field) for the offline cache.
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

/** What lies outside every part: root fields' own categories and scalars beside the parts. */
export const OUTSIDE_PARTS = '';

/**
 * The categories an operation can read, keyed by part: the response path of a field one level below a
 * root field (`me.contributions`, by response key, so aliases count), or `OUTSIDE_PARTS`. The
 * service worker keeps each part as an entry of its own, so a withdrawal drops only the parts
 * it concerns. Parts without categories are absent.
 */
export function requestedCategoriesByPart(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  decision: AccessDecision,
): Map<string, Set<DataCategory>> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const found = new Map<string, Set<DataCategory>>();
  const add = (part: string, category: DataCategory) => {
    const set = found.get(part);
    if (set) set.add(category);
    else found.set(part, new Set([category]));
  };
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : null;
  const visiting = new Set<string>();

  /** `path`: the response keys walked so far, kept only down to a part. */
  const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode, path: readonly string[]): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!(isObjectType(type) || isInterfaceType(type))) continue; // unions only have __typename
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const fieldPath = path.length < 2 ? [...path, (selection.alias ?? selection.name).value] : path;
        const access = fieldAccessOf(field.extensions);
        if (access && 'category' in access) {
          if (!decision.allowed.has(access.category)) continue;
          add(fieldPath.length === 2 ? fieldPath.join('.') : OUTSIDE_PARTS, access.category);
        } else if (access && 'ownerOnly' in access && !decision.isOwner) {
          continue;
        }
        const target = getNamedType(field.type);
        if (selection.selectionSet && (isObjectType(target) || isInterfaceType(target) || isUnionType(target))) {
          walk(target, selection.selectionSet, fieldPath);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
        if (condition) walk(condition, selection.selectionSet, path);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        const condition = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        if (condition) walk(condition, fragment.selectionSet, path);
        visiting.delete(fragment.name.value);
      }
    }
  };
  if (root) walk(root, operation.selectionSet, []);
  return found;
}
