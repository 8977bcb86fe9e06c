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
const OUTSIDE_PARTS = '';

/** What a response is labelled with: every category it can hold, and each part's for a query of several. */
export type OperationLabels = { readonly categories: readonly DataCategory[]; readonly parts: Readonly<Record<string, readonly DataCategory[]>> | undefined };

/**
 * Labels by operation node (Apollo keeps one parsed document per trusted document, so the node
 * recurs) and decision (shared by every request of one principal, consent version and notice
 * version): both immutable, so a label computed once stays right; held weakly.
 */
const labelsMemo = new WeakMap<OperationDefinitionNode, WeakMap<AccessDecision, { schema: GraphQLSchema; labels: OperationLabels }>>();

export function operationLabels(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, decision: AccessDecision): OperationLabels {
  let byDecision = labelsMemo.get(operation);
  if (!byDecision) labelsMemo.set(operation, (byDecision = new WeakMap()));
  const held = byDecision.get(decision);
  if (held?.schema === schema) return held.labels;
  const byPart = requestedCategoriesByPart(schema, document, operation, decision);
  const categories = [...new Set([...byPart.values()].flatMap((set) => [...set]))].sort();
  // A read of several parts: the offline cache keeps each apart (client/src/sw/response-parts.ts).
  const several = operation.operation === 'query' && [...byPart.keys()].filter((part) => part !== OUTSIDE_PARTS).length > 1;
  const labels = { categories, parts: several ? Object.fromEntries([...byPart].map(([part, set]) => [part, [...set].sort()])) : undefined };
  byDecision.set(decision, { schema, labels });
  return labels;
}

/**
 * The categories an operation can read, keyed by part: the response path of a field one level below a
 * root field (`me.contributions`, by response key, so aliases count), or `OUTSIDE_PARTS`. The
 * service worker keeps each part as an entry of its own, so a withdrawal drops only the parts
 * it concerns. Parts without categories are absent.
 */
function requestedCategoriesByPart(
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
