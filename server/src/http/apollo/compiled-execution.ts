// Operations run as code compiled by graphql-jit instead of graphql-js's interpreter, plugged
// in through Apollo Server's gateway hook (its one supported way to replace execution): Apollo
// still parses, validates, runs every plugin and formats the response; only `execute` changes.
// Each document is compiled once per operation and kept as long as Apollo keeps the document.
// Where graphql-jit's answer could differ from graphql-js's, graphql-js answers instead: a
// document it cannot compile, and variables it refuses (graphql-js's messages are the ones the
// input-errors plugin rewrites).
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, isAbstractType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Wraps each compilation (the authorization layer lifts the checks an operation makes redundant). */
export type CompileAround = <T>(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, compile: () => T) => T;

export function compiledExecution(schema: GraphQLSchema, around: CompileAround = (_schema, _document, _name, compile) => compile()): GatewayInterface {
  assertSynchronousTypeResolution(schema);
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    let operations = compiled.get(document);
    if (!operations) compiled.set(document, (operations = new Map()));
    const key = operationName ?? '';
    if (!operations.has(key)) {
      const result = around(schema, document, operationName, () => compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true }));
      operations.set(key, isCompiledQuery(result) ? result : null);
    }
    return operations.get(key)!;
  };

  const executor: GatewayExecutor = async ({ document, operationName, context, request }) => {
    const interpreted = () => execute({ schema, document, operationName, contextValue: context, variableValues: request.variables }) as ReturnType<GatewayExecutor>;
    const query = compiledFor(document, operationName);
    if (!query) return interpreted();
    const result = await query.query(undefined, context, request.variables ?? {});
    // No `data` at all: the variables were refused before execution.
    if (result.errors?.length && !('data' in result)) return interpreted();
    return result;
  };

  return {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    stop: async () => {},
  };
}

/**
 * graphql-jit calls `resolveType` synchronously and needs a name back; type-graphql wraps every
 * custom one in an async function. The schema is assembled with synchronous ones (see
 * schema/schema.ts); this refuses to start if one is not.
 */
function assertSynchronousTypeResolution(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && type.resolveType?.constructor.name === 'AsyncFunction') {
      throw new Error(`${type.name} resolves its type asynchronously; compiled execution needs a synchronous resolveType`);
    }
  }
}
