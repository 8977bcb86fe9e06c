import { GraphQLError, type GraphQLInterfaceType, type GraphQLObjectType, buildSchema, execute, parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiledExecution } from './compiled-execution.js';

const typeDefs = /* GraphQL */ `
  interface Record { id: ID! }
  type Visit implements Record { id: ID! clinic: String }
  type Stay implements Record { id: ID! nights: Int }
  type Query {
    records(first: Int!): [Record!]!
    secret: String
    twice(value: Int!): Int
  }
`;
const rows = [
  { id: '1', kind: 'VISIT', clinic: 'A' },
  { id: '2', kind: 'STAY', nights: 3 },
];

function schemaWith(resolveType: (value: { kind: string }) => string | Promise<string>) {
  const built = buildSchema(typeDefs);
  (built.getType('Record') as GraphQLInterfaceType).resolveType = resolveType as never;
  const query = (built.getType('Query') as GraphQLObjectType).getFields();
  query.records!.resolve = (_, { first }) => rows.slice(0, first as number);
  query.secret!.resolve = () => {
    throw new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });
  };
  query.twice!.resolve = async (_, { value }, context: { calls: number }) => {
    context.calls += 1;
    return (value as number) * 2;
  };
  return built;
}
const schema = schemaWith((value) => (value.kind === 'VISIT' ? 'Visit' : 'Stay'));

async function both(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const run = await executorFor(document, variables);
  const reference = await execute({ schema, document, variableValues: variables, contextValue: { calls: 0 } });
  return { compiled: JSON.parse(JSON.stringify(run)), reference: JSON.parse(JSON.stringify(reference)) };
}

async function executorFor(document: DocumentNode, variables: Record<string, unknown>, context = { calls: 0 }) {
  const { executor } = await compiledExecution(schema).load({ apollo: {} });
  return executor!({ document, operationName: null, context, request: { variables } } as never);
}

describe('compiled execution', () => {
  it('answers what graphql-js answers: abstract types, fragments, aliases, errors with their paths', async () => {
    const { compiled, reference } = await both(
      'query($n: Int!) { a: records(first: $n) { __typename id ... on Visit { clinic } ...S } secret t: twice(value: 2) } fragment S on Stay { nights }',
      { n: 2 },
    );
    expect(compiled).toEqual(reference);
    expect(compiled.data.a).toEqual([
      { __typename: 'Visit', id: '1', clinic: 'A' },
      { __typename: 'Stay', id: '2', nights: 3 },
    ]);
    expect(compiled.errors).toEqual([expect.objectContaining({ message: 'Not allowed', path: ['secret'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it('leaves refused variables to graphql-js, word for word, and runs no resolver', async () => {
    const context = { calls: 0 };
    const document = parse('query($v: Int!) { twice(value: $v) }');
    const compiled = await executorFor(document, { v: 'not a number' }, context);
    const reference = await execute({ schema, document, variableValues: { v: 'not a number' } });
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(JSON.parse(JSON.stringify(reference)));
    expect(compiled.data).toBeUndefined();
    expect(context.calls).toBe(0);
  });

  it('refuses a schema whose types are resolved asynchronously (graphql-jit calls resolveType synchronously)', () => {
    expect(() => compiledExecution(schemaWith(async (value) => (value.kind === 'VISIT' ? 'Visit' : 'Stay')))).toThrow(/Record resolves its type asynchronously/);
  });
});
