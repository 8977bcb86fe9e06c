// Wraps the resolver of every tagged field with the request's decision. Applied once to the built
// schema; a denied field resolves to null and its children never run.
//
// A check is redundant where the operation can only reach the field below a field of the same
// category: the decision is fixed for the request, so the ancestor's check has answered it, and a
// denied ancestor never runs its children. `liftRedundantChecks` compiles an operation with those
// checks left out (a contribution's seven fields, times every month, are most of a dashboard's
// resolver calls; without a resolver, graphql-jit reads the property inline).
import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  isUnionType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { fieldAccessOf } from './field-tags.js';
import type { RequestAccess } from './request-access.js';

type WithAccess = { access: RequestAccess };
type AnyField = GraphQLField<unknown, unknown>;

/** Every field checked for a category, with its resolver before the check was put in front. */
const categoryChecks = new WeakMap<AnyField, { category: DataCategory; unchecked: GraphQLFieldResolver<unknown, unknown> | undefined }>();

export function applyFieldAuthorization(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const interfaceFields = type.getInterfaces().map((i) => i.getFields());
    for (const field of Object.values(type.getFields())) {
      // A field declared on an interface keeps its tag when the implementing class does not repeat it.
      const access = fieldAccessOf(field.extensions) ?? interfaceFields.map((f) => fieldAccessOf(f[field.name]?.extensions)).find(Boolean);
      if (!access || 'structural' in access) continue;
      const unchecked = field.resolve;
      const resolve: GraphQLFieldResolver<unknown, WithAccess> = unchecked ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const requestAccess = context.access;
        if (requestAccess.decision) {
          return requestAccess.permits(access, info) ? resolve(source, args, context, info) : null;
        }
        return requestAccess.decide().then(() => (requestAccess.permits(access, info) ? resolve(source, args, context, info) : null));
      };
      if ('category' in access) categoryChecks.set(field, { category: access.category, unchecked });
    }
  }
  return schema;
}

/**
 * The category-checked fields that, wherever `operationName` of `document` selects them, sit
 * below an ancestor field checked for the same category. A field selected once outside such an
 * ancestor (say through `node(id)`) keeps its check; so does every owner-only field.
 */
export function redundantChecks(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): AnyField[] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  // Per field: true while every selection of it so far was covered.
  const covered = new Map<AnyField, boolean>();

  const visit = (selections: SelectionSetNode, parent: GraphQLCompositeType, above: ReadonlySet<DataCategory>, spreads: ReadonlySet<string>) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        // A spread inside itself is invalid (validation refuses it first); never loop on one.
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && spreads.has(selection.name.value))) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        const nested = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...spreads, selection.name.value]) : spreads;
        if (condition && (isObjectType(condition) || isAbstractType(condition))) visit(fragment.selectionSet, condition, above, nested);
        continue;
      }
      const name = selection.name.value;
      // The object types this selection can run on, and what each of them checks for it.
      const objects: readonly GraphQLObjectType[] = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
      const checkedBelow: (DataCategory | undefined)[] = [];
      for (const object of objects) {
        const field = object.getFields()[name] as AnyField | undefined;
        if (!field) continue;
        const check = categoryChecks.get(field);
        if (check) covered.set(field, (covered.get(field) ?? true) && above.has(check.category));
        checkedBelow.push(check?.category);
      }
      // On a union only `__typename` can be selected, and it has no selections.
      if (!selection.selectionSet || isUnionType(parent)) continue;
      const declared = parent.getFields()[name];
      const child = declared && getNamedType(declared.type);
      if (!child || !(isObjectType(child) || isAbstractType(child))) continue;
      // Below this selection, a category is settled only if every type it can run on checked it.
      const settled = checkedBelow.length > 0 && checkedBelow.every((c) => c !== undefined && c === checkedBelow[0]) ? checkedBelow[0] : undefined;
      visit(selection.selectionSet, child, settled && !above.has(settled) ? new Set([...above, settled]) : above, spreads);
    }
  };
  visit(operation.selectionSet, root, new Set(), new Set());
  return [...covered].filter(([, always]) => always).map(([field]) => field);
}

/**
 * Runs `compile` (synchronous: nothing else runs meanwhile) with the checks `redundantChecks`
 * finds taken out of the schema, and puts them back before returning: the compiled operation
 * keeps the resolvers it saw, every other operation the checked ones.
 */
export function liftRedundantChecks<T>(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, compile: () => T): T {
  const lifted = redundantChecks(schema, document, operationName).map((field) => ({ field, checked: field.resolve }));
  for (const { field } of lifted) field.resolve = categoryChecks.get(field)!.unchecked;
  try {
    return compile();
  } finally {
    for (const { field, checked } of lifted) field.resolve = checked;
  }
}
