import { GraphQLObjectType, GraphQLSchema, GraphQLString, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildDomainSchema, buildGatewaySchema } from '../schema/schema.js';
import { DATA_CATEGORIES, isSensitive, type DataCategory } from '@shebao/vocabulary';
import { fieldAccessOf } from './field-tags.js';
import { auditOperationGuards } from './guards.js';
import { auditSchemaTags } from './schema-tags.js';

describe('schema tags', () => {
  it('tag every field of every personal type exactly once, and deniable fields are nullable', async () => {
    expect(auditSchemaTags(await buildGatewaySchema())).toEqual([]);
  });

  it('guard every root operation (deny by default for operations too)', async () => {
    expect(auditOperationGuards(await buildDomainSchema())).toEqual([]);
  });

  it('cover every data category somewhere in the schema', async () => {
    const schema = await buildGatewaySchema();
    const used = new Set<DataCategory>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        const access = fieldAccessOf(field.extensions);
        if (access && 'category' in access) used.add(access.category);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(DATA_CATEGORIES).sort());
  });

  it('flag the sensitive categories of PIPL Art. 28', () => {
    const sensitive = (Object.keys(DATA_CATEGORIES) as DataCategory[]).filter(isSensitive).sort();
    expect(sensitive).toEqual(['identity.document', 'insurance.balance', 'insurance.contributions', 'location', 'medical.records']);
  });

  it('document the category in each tagged field description', async () => {
    const schema = await buildGatewaySchema();
    const balance = (schema.getType('Balance') as GraphQLObjectType).getFields().amount!;
    expect(balance.description).toContain('`insurance.balance` (sensitive');
  });

  it('fail for an untagged field of a personal type', () => {
    const leaky = new GraphQLObjectType({
      name: 'Leaky',
      extensions: { personalType: true },
      fields: {
        tagged: { type: GraphQLString, extensions: { access: { category: 'identity.basic' } } },
        salary: { type: GraphQLString },
        twoTags: { type: GraphQLString, extensions: { access: { category: 'identity.basic', ownerOnly: true } } },
      },
    });
    const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { leaky: { type: leaky } } }) });
    expect(auditSchemaTags(schema)).toEqual(['Leaky.salary: no access tag', 'Leaky.twoTags: needs exactly one of category/ownerOnly/structural, has category+ownerOnly']);
  });
});
