// The authorization matrix, generated from the schema's own tags: for every tagged field, every
// principal and consent state, the field is returned or withheld with the right reason — and
// the same holds through aliases, fragments, interfaces, unions and nested lists.
import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CATEGORIES, type DataCategory, type DenialReason } from '@shebao/vocabulary';
import { fieldAccessOf, type FieldAccess } from '../src/authz/field-tags.js';
import { buildGatewaySchema } from '../src/schema/schema.js';
import { DEMO_PARTNERS } from '../src/seed/demo.js';
import { narrowedToken, partnerTokens } from './support/partner-flow.js';
import { registerWithCard, startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

type Gate = Exclude<FieldAccess, { structural: true }>;
/** `path`: the gates from `me` down to the field itself; the first one denied withholds. */
type FieldCase = { coordinate: string; access: Gate; path: Gate[]; query: string };

/** Builds `{ me { … } }` selections reaching every tagged field below Person, once per field. */
function fieldCases(schema: GraphQLSchema): FieldCase[] {
  const cases: FieldCase[] = [];
  const seen = new Set<string>();
  const walk = (type: GraphQLNamedType, wrap: (inner: string) => string, gates: Gate[], depth: number) => {
    if (depth > 6) return;
    const concrete = isUnionType(type) ? type.getTypes() : isInterfaceType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    for (const object of concrete) {
      const inObject = isObjectType(type) ? wrap : (inner: string) => wrap(`... on ${object.name} { ${inner} }`);
      for (const field of Object.values(object.getFields()) as GraphQLField<unknown, unknown>[]) {
        const coordinate = `${object.name}.${field.name}`;
        const access = fieldAccessOf(field.extensions);
        const target = getNamedType(field.type);
        const args = field.name === 'contributions' ? '(last: 3)' : field.name === 'dataExport' ? '(requestId: "00000000-0000-4000-8000-000000000000")' : '';
        const leaf = isObjectType(target) || isInterfaceType(target) || isUnionType(target) ? `{ __typename }` : '';
        const path = access && !('structural' in access) ? [...gates, access] : gates;
        if (access && !('structural' in access) && !seen.has(coordinate)) {
          seen.add(coordinate);
          cases.push({ coordinate, access, path, query: `{ ${inObject(`${field.name}${args} ${leaf}`)} }` });
        }
        if (isObjectType(target) || isInterfaceType(target) || isUnionType(target)) {
          walk(target, (inner) => inObject(`${field.name}${args} { ${inner} }`), path, depth + 1);
        }
      }
    }
  };
  walk(schema.getType('Person')!, (inner) => `me { ${inner} }`, [], 0);
  return cases;
}

type Principal = {
  name: string;
  token: () => string | undefined;
  /** null: allowed; otherwise the reason a field of this category is withheld. */
  expect: (access: FieldCase['access']) => DenialReason | null;
  /** `me` itself is withheld (researcher) or null (anonymous). */
  noSubject?: DenialReason;
};

let t: TestApp;
let schema: GraphQLSchema;
const tokens: Record<string, string> = {};
const insurer = () => DEMO_PARTNERS.find((p) => p.clientId === 'demo-insurer')!;

function partnerReason(category: DataCategory, registered: readonly string[], scopes: readonly string[], granted: readonly string[]): DenialReason | null {
  if (!registered.includes(category)) return 'NOT_REGISTERED';
  if (!scopes.includes(category)) return 'SCOPE_MISSING';
  if (!granted.includes(category)) return 'NO_CONSENT';
  return null;
}

const NECESSARY: DataCategory[] = ['account.contact', 'account.profile', 'identity.basic', 'insurance.status'];
const INSURER_GRANTED: DataCategory[] = ['identity.basic', 'insurance.status', 'insurance.contributions'];

const principals: Principal[] = [
  { name: 'the person (all granted)', token: () => tokens.owner, expect: () => null },
  {
    name: 'the person (nothing optional granted)',
    token: () => tokens.fresh,
    expect: (a) => ('category' in a ? (NECESSARY.includes(a.category) ? null : 'NO_CONSENT') : null),
  },
  {
    name: 'partner with grant and scope',
    token: () => tokens.partnerFull,
    expect: (a) => ('category' in a ? partnerReason(a.category, insurer().registeredCategories, INSURER_GRANTED, INSURER_GRANTED) : 'OWNER_ONLY'),
  },
  {
    name: 'partner with grant, narrow scope',
    token: () => tokens.partnerNarrow,
    expect: (a) => ('category' in a ? partnerReason(a.category, insurer().registeredCategories, ['identity.basic'], INSURER_GRANTED) : 'OWNER_ONLY'),
  },
  { name: 'researcher', token: () => tokens.researcher, expect: () => 'AGGREGATE_ONLY', noSubject: 'AGGREGATE_ONLY' },
  { name: 'anonymous', token: () => undefined, expect: () => 'UNAUTHENTICATED', noSubject: 'UNAUTHENTICATED' },
];

function forbidden(result: GraphQLResponse) {
  return (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
}

beforeAll(async () => {
  t = await startTestApp();
  schema = await buildGatewaySchema();
  tokens.owner = await t.signInDemo();
  tokens.fresh = await registerWithCard(t, '13566660000', 'SH5550001');
  // The person grants the insurer these three on its consent screen; the narrow token comes from the same grant.
  const full = await partnerTokens(t.url, tokens.owner, { scopes: INSURER_GRANTED });
  tokens.partnerFull = full.accessToken;
  tokens.partnerNarrow = (await narrowedToken(full, ['identity.basic'])).accessToken;
  tokens.researcher = (await t.gql('mutation { developmentResearcherToken }', {}, { token: tokens.owner })).data.developmentResearcherToken;
});
afterAll(() => t?.close());

describe('authorization matrix (generated from the schema tags)', () => {
  it('has a case for every tagged field', async () => {
    const cases = fieldCases(await buildGatewaySchema());
    expect(cases.length).toBeGreaterThan(60);
    const categories = new Set(cases.flatMap((c) => ('category' in c.access ? [c.access.category] : [])));
    expect([...categories].sort()).toEqual([...ALL_CATEGORIES].sort());
  });

  for (const principal of principals) {
    it(`${principal.name}: every field allowed or withheld with the right reason`, async () => {
      const failures: string[] = [];
      for (const fieldCase of fieldCases(schema)) {
        const result = await t.gql(fieldCase.query, {}, { token: principal.token() });
        const denials = forbidden(result);
        const other = (result.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
        if (other.length) failures.push(`${fieldCase.coordinate}: unexpected ${JSON.stringify(other)}`);
        if (principal.noSubject) {
          if (result.data?.me !== null || denials.length !== 1 || denials[0]!.extensions!.reason !== principal.noSubject) {
            failures.push(`${fieldCase.coordinate}: expected me=null with ${principal.noSubject}, got ${JSON.stringify(result)}`);
          }
          continue;
        }
        // The first gate on the path that this principal may not pass is where the data stops.
        const stop = fieldCase.path.find((gate) => principal.expect(gate) !== null);
        const expected = stop ? principal.expect(stop) : null;
        const category = stop && 'category' in stop ? stop.category : 'category' in fieldCase.access ? fieldCase.access.category : null;
        if (expected === null) {
          if (denials.length) failures.push(`${fieldCase.coordinate}: expected allowed, got ${JSON.stringify(denials)}`);
          if (category && !(result.extensions?.dataCategories ?? []).includes(category) && JSON.stringify(result.data).includes('__typename')) {
            failures.push(`${fieldCase.coordinate}: ${category} returned but not listed in extensions.dataCategories`);
          }
        } else {
          // The first tagged field on the path with a denied category withholds: exactly one error.
          const matching = denials.filter((d) => d.extensions!.reason === expected && d.extensions!.category === category);
          if (denials.length !== 1 || matching.length !== 1) {
            failures.push(`${fieldCase.coordinate}: expected one ${expected} for ${category}, got ${JSON.stringify(denials.map((d) => [d.path?.join('.'), d.extensions]))}`);
          }
          if (category && (result.extensions?.dataCategories ?? []).includes(category)) failures.push(`${fieldCase.coordinate}: ${category} listed as returned`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('attack shapes', () => {
  it('aliases: each aliased field is withheld with its own error, never leaked', async () => {
    const r = await t.gql('{ me { a: balances { amount } b: balances { asOf } c: identity { realName } } }', {}, { token: tokens.partnerFull });
    expect(r.data.me.a).toBeNull();
    expect(r.data.me.b).toBeNull();
    expect(r.data.me.c.realName).toEqual(expect.any(String));
    expect(forbidden(r).map((e) => e.path?.join('.')).sort()).toEqual(['me.a', 'me.b']);
  });

  it('named and inline fragments reach the same decision', async () => {
    const r = await t.gql(
      'fragment Money on Person { balances { amount } } { me { ...Money ... on Person { documents { idNumber } } ... { contributions(last: 1) { base } } } }',
      {},
      { token: tokens.partnerNarrow },
    );
    expect(r.data.me).toEqual({ balances: null, documents: null, contributions: null });
    expect(forbidden(r).map((e) => [e.extensions!.category, e.extensions!.reason]).sort()).toEqual([
      ['identity.document', 'NOT_REGISTERED'],
      ['insurance.balance', 'NOT_REGISTERED'],
      ['insurance.contributions', 'SCOPE_MISSING'],
    ]);
  });

  it('one error per field of the operation, not per list item (nested lists)', async () => {
    // A person who granted device.info but not app.instance: installations inside each device are withheld.
    const token = await registerWithCard(t, '13566660001', 'SH5550002');
    const notice = (await t.gql('{ privacyNotice { version } }')).data.privacyNotice.version;
    await t.gql('mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', { i: { noticeVersion: notice, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['device.info'] } }, { token });
    for (const id of ['dev-a', 'dev-b', 'dev-c']) {
      await t.gql('mutation($i: DeviceInput!) { reportDevice(input: $i) }', { i: { model: 'Pixel', osVersion: 'Android 15', deviceIdentifier: id } }, { token });
    }
    const r = await t.gql('{ me { devices { model installations { events { kind } } } } }', {}, { token });
    expect(r.data.me.devices).toHaveLength(3);
    expect(r.data.me.devices.every((d: any) => d.installations === null)).toBe(true);
    expect(forbidden(r)).toHaveLength(1);
    expect(forbidden(r)[0]!.extensions).toMatchObject({ category: 'app.instance', reason: 'NO_CONSENT' });
  });

  it('interfaces and unions: inline fragments on each member are withheld together', async () => {
    const r = await t.gql(
      '{ me { medicalRecords(first: 3) { nodes { ... on MedicalRecord { totalCost } ... on InpatientStay { days } } } activity(last: 3) { ... on DeviceEvent { kind } ... on SearchLogEntry { query } } } }',
      {},
      { token: tokens.partnerFull },
    );
    expect(r.data.me).toEqual({ medicalRecords: null, activity: null });
    expect(forbidden(r).map((e) => [e.extensions!.category, e.extensions!.reason]).sort()).toEqual([
      ['device.logs', 'NOT_REGISTERED'],
      ['medical.records', 'SCOPE_MISSING'],
    ]);
    const owner = await t.gql('{ me { medicalRecords(first: 20) { nodes { __typename ... on MedicalRecord { totalCost } } } } }', {}, { token: tokens.owner });
    expect(owner.errors).toBeUndefined();
    expect(new Set(owner.data.me.medicalRecords.nodes.map((n: any) => n.__typename)).size).toBeGreaterThan(1);
  });

  it("a partner cannot reach another person's data in any way the schema allows", async () => {
    const other = tokens.fresh;
    const otherMe = await t.gql('{ me { id identity { realName } } }', {}, { token: other });
    const ownerRecords = await t.gql('{ me { id contributions(last: 1) { id } medicalRecords(first: 1) { nodes { id } } devices { id } } }', {}, { token: tokens.owner });
    const freshRecords = await t.gql('{ me { insurance { city } } }', {}, { token: other });
    expect(freshRecords.errors).toBeUndefined();
    // The partner's token is bound to the demo person: `me` is always that person.
    const partnerMe = await t.gql('{ me { id } }', {}, { token: tokens.partnerFull });
    expect(partnerMe.data.me.id).toBe(ownerRecords.data.me.id);
    // Another person's ids through node(): nothing, not even existence.
    const otherId = otherMe.data.me.id;
    for (const id of [otherId]) {
      const r = await t.gql('query($id: ID!) { node(id: $id) { id ... on Person { identity { realName } } } }', { id }, { token: tokens.partnerFull });
      expect(r.data.node).toBeNull();
    }
    // And the fresh person cannot reach the demo person's objects either.
    const ids = [ownerRecords.data.me.contributions[0].id, ownerRecords.data.me.medicalRecords.nodes[0].id, ownerRecords.data.me.devices[0].id, ownerRecords.data.me.id];
    for (const id of ids) {
      const r = await t.gql('query($id: ID!) { node(id: $id) { id __typename } }', { id }, { token: other });
      expect(r.data.node).toBeNull();
      // The answer is the same whether the id exists or not: no existence oracle.
      const [type] = Buffer.from(id, 'base64url').toString().split(':');
      const unknownId = Buffer.from(`${type}:${randomUUID()}`).toString('base64url');
      const missing = await t.gql('query($id: ID!) { node(id: $id) { id __typename } }', { id: unknownId }, { token: other });
      expect(r.errors?.map((e) => e.extensions)).toEqual(missing.errors?.map((e) => e.extensions));
    }
    // A public profile is the only cross-person read, and only while it is public.
    const hidden = await t.gql('query($id: ID!) { publicProfile(id: $id) { displayName } }', { id: ownerRecords.data.me.id }, { token: tokens.partnerFull });
    expect(hidden.data.publicProfile).toBeNull();
  });

  it('node() applies the category of the object it finds', async () => {
    const owner = await t.gql('{ me { contributions(last: 1) { id } medicalRecords(first: 1) { nodes { id } } } }', {}, { token: tokens.owner });
    const contribution = await t.gql('query($id: ID!) { node(id: $id) { ... on Contribution { base } } }', { id: owner.data.me.contributions[0].id }, { token: tokens.partnerNarrow });
    expect(contribution.data.node).toBeNull();
    expect(forbidden(contribution)[0]!.extensions).toMatchObject({ category: 'insurance.contributions', reason: 'SCOPE_MISSING' });
    const allowed = await t.gql('query($id: ID!) { node(id: $id) { ... on Contribution { base } } }', { id: owner.data.me.contributions[0].id }, { token: tokens.partnerFull });
    expect(allowed.data.node.base).toEqual(expect.any(Number));
  });

  it('__typename alone on a denied field is withheld too', async () => {
    const r = await t.gql('{ me { balances { __typename } } }', {}, { token: tokens.partnerFull });
    expect(r.data.me.balances).toBeNull();
    expect(forbidden(r)).toHaveLength(1);
  });
});
