// Every operation of the operator schema × every kind of caller: each role reaches exactly its own
// operations; a person's session (cookie or bearer), no credential, and operators without the role
// are refused. The policy is written out here; an operation missing from it fails the test.
import { readFile } from 'node:fs/promises';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_ROLES, type OperatorRole } from '../../src/authz/principal.js';
import { SESSION_COOKIE } from '../../src/modules/accounts/index.js';
import { createOperator, operatorGql, signInOperator } from '../support/operators.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Policy = 'anyone' | 'any operator' | readonly OperatorRole[];

const POLICY: Record<string, Policy> = {
  operatorSignIn: 'anyone',
  operatorSignOut: 'any operator',
  operatorMe: 'any operator',
  operatorAuditLog: ['SECURITY_OFFICER'],
  operatorAuditChain: ['SECURITY_OFFICER'],
  registryPartners: ['PARTNER_MANAGER'],
  registryPartner: ['PARTNER_MANAGER'],
  registerPartner: ['PARTNER_MANAGER'],
  updatePartner: ['PARTNER_MANAGER'],
  suspendPartner: ['PARTNER_MANAGER'],
  reinstatePartner: ['PARTNER_MANAGER'],
  noticeVersions: ['PRIVACY_OFFICER'],
  noticeDrafts: ['PRIVACY_OFFICER'],
  noticeDraftDiff: ['PRIVACY_OFFICER'],
  createNoticeDraft: ['PRIVACY_OFFICER'],
  updateNoticeDraft: ['PRIVACY_OFFICER'],
  publishNoticeDraft: ['PRIVACY_OFFICER'],
  requestQueue: ['SUPPORT', 'PRIVACY_OFFICER'],
  answerRequest: ['SUPPORT', 'PRIVACY_OFFICER'],
  supportView: ['SUPPORT'],
  disclosureRecords: ['PRIVACY_OFFICER'],
  recordDisclosure: ['PRIVACY_OFFICER'],
  incidents: ['SECURITY_OFFICER'],
  affectedCount: ['SECURITY_OFFICER'],
  recordBreach: ['SECURITY_OFFICER'],
  sendBreachNotice: ['SECURITY_OFFICER'],
};

/** Operations whose success would end the caller's own session mid-matrix: checked for refusals only. */
const REFUSALS_ONLY = new Set(['operatorSignOut', 'operatorSignIn']);

const schema = buildSchema(await readFile(new URL('../../operator-schema.graphql', import.meta.url), 'utf8'));
const ZERO_ID = '00000000-0000-4000-8000-000000000000';

function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).flatMap((f) => (isNonNullType(f.type) ? [[f.name, dummy(f.type)]] : [])));
  }
  if (isScalarType(type)) {
    const values: Record<string, unknown> = { String: 'x', ID: ZERO_ID, Int: 1, Float: 1, Boolean: false, JSON: {}, DataCategory: 'location', DateTimeISO: '2030-01-01T00:00:00Z', LocalDate: '2030-01-01' };
    if (!(type.name in values)) throw new Error(`no dummy for scalar ${type.name}`);
    return values[type.name];
  }
  throw new Error('unknown input type');
}

/** A document calling one root field with dummy arguments, selecting only `__typename` of an object. */
function call(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => isNonNullType(a.type));
  const declared = args.map((a, i) => `$a${i}: ${a.type.toString()}`).join(', ');
  const passed = args.map((a, i) => `${a.name}: $a${i}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  const query = `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return { query, variables: Object.fromEntries(args.map((a, i) => [`a${i}`, dummy(a.type)])) };
}

const operations = (['query', 'mutation'] as const).flatMap((kind) => {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(root?.getFields() ?? {}).map((field) => ({ kind, field }));
});

let app: TestApp;
let personSession: string;
const sessions = new Map<OperatorRole, string>();
beforeAll(async () => {
  app = await startTestApp();
  personSession = await app.signInDemo();
  for (const role of OPERATOR_ROLES) sessions.set(role, await signInOperator(app, await createOperator(app, [role])));
});
afterAll(() => app?.close());

const codeOf = (result: { errors?: { extensions?: Record<string, any> }[] }) => result.errors?.[0]?.extensions;

describe('operator role matrix', () => {
  it('knows every operation of the operator schema', () => {
    expect(operations.map((o) => o.field.name).filter((name) => !(name in POLICY))).toEqual([]);
  });

  it.each(operations.map((o) => [o.field.name, o] as const))('%s', async (name, { kind, field }) => {
    const policy = POLICY[name]!;
    const { query, variables } = call(kind, field);
    if (policy === 'anyone') return; // signing in: tested on its own
    // No credential, a person's session as cookie, and as bearer: nobody here.
    expect(codeOf(await operatorGql(app, query, variables))?.code, 'anonymous').toBe('UNAUTHENTICATED');
    expect(codeOf(await operatorGql(app, query, variables, { headers: { cookie: `${SESSION_COOKIE}=${personSession}` } }))?.code, 'person cookie').toBe('UNAUTHENTICATED');
    expect((await operatorGql(app, query, variables, { headers: { authorization: `Bearer ${personSession}` } })).status, 'person bearer').toBe(401);
    for (const role of OPERATOR_ROLES) {
      const allowed = policy === 'any operator' || policy.includes(role);
      if (allowed && REFUSALS_ONLY.has(name)) continue;
      const extensions = codeOf(await operatorGql(app, query, variables, { session: sessions.get(role) }));
      if (allowed) {
        expect(extensions?.code, `${role} may call ${name}`).not.toBe('UNAUTHENTICATED');
        expect(extensions?.reason, `${role} may call ${name}`).not.toBe('ROLE_REQUIRED');
      } else {
        expect(extensions, `${role} may not call ${name}`).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' });
      }
    }
  });
});
