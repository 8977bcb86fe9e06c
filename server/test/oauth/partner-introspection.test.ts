// A partner's introspection shows its own contract: the queries it may call and only the fields its
// registration can ever return, nothing owner-only, no mutations.
import { getIntrospectionQuery, isInterfaceType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldAccessOf } from '../../src/authz/field-tags.js';
import { partnerSchemaVariant } from '../../src/authz/partner-schema.js';
import { buildGatewaySchema } from '../../src/schema/schema.js';
import { DEMO_PARTNERS } from '../../src/seed/demo.js';
import { partnerTokens } from '../support/partner-flow.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let partnerToken: string;
const insurer = DEMO_PARTNERS.find((p) => p.clientId === 'demo-insurer')!;

beforeAll(async () => {
  t = await startTestApp();
  partnerToken = (await partnerTokens(t.url, await t.signInDemo(), { scopes: ['insurance.status'] })).accessToken;
});
afterAll(() => t?.close());

const personFields = async (token?: string) =>
  ((await t.gql('{ __type(name: "Person") { fields { name } } }', {}, { token })).data.__type?.fields ?? []).map((f: { name: string }) => f.name) as string[];

describe('introspection with a partner token', () => {
  it('shows the fields of the registration’s categories, structural ones, and nothing owner-only', async () => {
    const full = await personFields();
    const partner = await personFields(partnerToken);
    expect(full).toEqual(expect.arrayContaining(['balances', 'devices', 'accessLog', 'contributions', 'medicalRecords']));
    expect(partner).toEqual(expect.arrayContaining(['id', 'identity', 'insurance', 'contributions', 'medicalRecords']));
    // insurance.balance and device.info are outside the insurer's registration; the access log is the person's own.
    for (const hidden of ['balances', 'devices', 'accessLog']) expect(partner).not.toContain(hidden);
  });

  it('is the whole variant: no mutation type, no type only reachable through hidden fields', async () => {
    const r = await t.gql(getIntrospectionQuery(), {}, { token: partnerToken });
    expect(r.errors).toBeUndefined();
    expect(r.data.__schema.mutationType).toBeNull();
    const names = r.data.__schema.types.map((type: { name: string }) => type.name);
    expect(names).toContain('Person');
    for (const hidden of ['Balance', 'Device', 'AccessRecord', 'Mutation']) expect(names).not.toContain(hidden);
  });

  it('is refused when mixed with data in one operation', async () => {
    const r = await t.gql('{ me { id } __schema { queryType { name } } }', {}, { token: partnerToken });
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('partnerSchemaVariant', () => {
  it('keeps exactly the fields tagged with a registered category, structural or untagged', async () => {
    const schema = await buildGatewaySchema();
    const variant = partnerSchemaVariant(schema, insurer.registeredCategories);
    for (const type of Object.values(variant.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const access = fieldAccessOf(field.extensions);
        if (access && 'category' in access) expect(insurer.registeredCategories, `${type.name}.${field.name}`).toContain(access.category);
        expect(access && 'ownerOnly' in access, `${type.name}.${field.name}`).toBeFalsy();
      }
    }
    // And nothing a registered category tags went missing from a type the partner can reach.
    const person = schema.getType('Person');
    const kept = variant.getType('Person');
    if (!isObjectType(person) || !isObjectType(kept)) throw new Error('Person is an object type');
    for (const field of Object.values(person.getFields())) {
      const access = fieldAccessOf(field.extensions);
      if (access && 'category' in access && insurer.registeredCategories.includes(access.category)) expect(Object.keys(kept.getFields())).toContain(field.name);
    }
  });
});
