import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildDomainSchema } from './schema.js';

describe('the domain schema', () => {
  it('reads plain properties without a resolver, and keeps every resolver method', async () => {
    const schema = await buildDomainSchema();
    const fields = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();
    // Properties: no resolver, so graphql-jit compiles the read inline.
    expect(fields('Contribution').month!.resolve).toBeUndefined();
    expect(fields('Balance').amount!.resolve).toBeUndefined();
    // Resolver methods (`@FieldResolver`) are untouched.
    expect(fields('Person').contributions!.resolve).toBeTypeOf('function');
    expect(fields('Device').installations!.resolve).toBeTypeOf('function');
  });
});
