// Client errors, attacked over HTTP against a production-mode server: every one is 4xx with its
// code (never a 500), bad ids, cursors, dates and strings are BAD_USER_INPUT naming the argument
// before they reach the database, no message repeats a value that was sent, no message suggests a
// name, and the GraphQL-over-HTTP audit finds no more than Apollo Server's own result.
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPER_KEY, sessionCookie, startProductionServer, trustedDocument, type ProductionServer } from './production-server.js';

let t: ProductionServer;
let session: Record<string, string>;
beforeAll(async () => {
  t = await startProductionServer();
  session = sessionCookie(await t.signInDemo());
});
afterAll(() => t?.close());

const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** A value no error message may repeat. */
const CANARY = 'canary-13912345678';

type Answer = { status: number; body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: unknown } };
async function answer(response: Response): Promise<Answer> {
  return { status: response.status, body: await response.json() };
}

/** `n` operations of 5 tokens each (`query Qi { __typename }`): 600 are exactly the 3,000-token limit. */
const operations = (n: number) => ({ query: Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join(' '), operationName: 'Q7' });

describe('every client error is 4xx with its code', () => {
  const syntaxError = '{"query":"{ me { "}';
  it.each([
    ['a syntax error, accept application/json', () => t.post(syntaxError, { accept: 'application/json' }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['a syntax error, accept application/graphql-response+json', () => t.post(syntaxError, { accept: 'application/graphql-response+json' }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['a syntax error over GET', () => fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me {')}`, { headers: { 'apollo-require-preflight': '1' } }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['a bad \\ud800 escape', () => t.post({ query: '{ publicProfile(id: "\\ud800") { displayName } }' }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['one operation past the token limit', () => t.post(operations(601)), 400, 'QUERY_TOO_COMPLEX'],
    ['not JSON', () => t.post('{"query":', {}), 400, 'BAD_REQUEST'],
    ['no query', () => t.post({ variables: {} }), 400, 'BAD_REQUEST'],
    ['an unknown documentId', () => t.post({ documentId: 'sha256:0000' }), 400, 'PERSISTED_QUERY_NOT_FOUND'],
    ['a mutation over GET', () => fetch(`${t.url}/graphql?query=${encodeURIComponent('mutation { signOut }')}`, { headers: { 'apollo-require-preflight': '1' } }), 405, 'BAD_REQUEST'],
  ])('%s → %i %s', async (_name, send, status, code) => {
    const { status: got, body } = await answer(await send());
    expect(got).toBe(status);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('serves a document at the token limit', async () => {
    const { status, body } = await answer(await t.post(operations(600)));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});

describe('bad values are BAD_USER_INPUT naming the argument, and reach no database', () => {
  const dashes = b64(`Person:${'-'.repeat(36)}`);
  const cases: Array<[string, () => Promise<Response>, string]> = [
    ['a publicProfile id of 36 dashes', () => t.post({ query: 'query($id: ID!) { publicProfile(id: $id) { displayName } }', variables: { id: dashes } }), 'id'],
    ['a node id of another shape', () => t.post({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: b64('MedicalRecord:1 or 1=1') } }), 'id'],
    ['a crafted medicalRecords cursor', () => t.post(trustedDocument('MedicalRecords', { after: b64(JSON.stringify(['2024-13-45', 'x'])) }), session), 'after'],
    ['a cursor that is not JSON', () => t.post(trustedDocument('MedicalRecords', { after: 'garbage!' }), session), 'after'],
    ['a crafted accessLog cursor', () => t.post(trustedDocument('AccessLog', { after: b64(JSON.stringify([1e300])) }), session), 'after'],
    ['an accessLog cursor that is a float', () => t.post(trustedDocument('AccessLog', { after: b64(JSON.stringify([1.5])) }), session), 'after'],
    ['from: "2024-02-31"', () => t.post(trustedDocument('MedicalRecords', { filter: { from: '2024-02-31' } }), session), 'filter.from'],
    ['a year 0 date', () => t.post(trustedDocument('MedicalRecords', { filter: { to: '0000-01-01' } }), session), 'filter.to'],
    ['a contributions month of year 0', () => t.post(trustedDocument('Dashboard', { from: '0000-01' }), session), 'from'],
    ['a malformed partnerId', () => t.post(trustedDocument('WithdrawConsent', { input: { purpose: 'PARTNER_SHARING', recipient: { type: 'PARTNER', partnerId: '-'.repeat(36) } } }), session), 'recipient.partnerId'],
    ['a NUL byte in reportSearch', () => t.post(trustedDocument('ReportSearch', { query: 'flu\u0000' }), session), 'query'],
    ['a NUL byte in a displayName', () => t.post({ query: 'mutation($i: ProfileInput!) { updateProfile(input: $i) { displayName } }', variables: { i: { displayName: 'a\u0000b' } }, }, { ...session, 'x-shebao-developer-key': DEVELOPER_KEY }), 'input.displayName'],
    ['a lone surrogate in a registration', () => t.post(trustedDocument('Register', { input: { phone: '13912340000', code: '123456', password: 'Correct-Horse-42', displayName: 'x\ud800' } })), 'input.displayName'],
    ['an invalid date-time', () => t.post(trustedDocument('GrantConsent', { input: { noticeVersion: 1, purpose: 'LOCAL_CACHE', recipient: { type: 'SERVICE' }, categories: ['device.info'], expiresAt: '2027-02-30T00:00:00Z' } }), session), 'input.expiresAt'],
    ['a literal date that does not exist', () => t.post({ query: '{ me { medicalRecords(filter: { from: "2024-02-31" }) { totalCount } } }' }, { 'x-shebao-developer-key': DEVELOPER_KEY }), 'filter.from'],
  ];
  it.each(cases)('%s', async (_name, send, field) => {
    const before = t.log().length;
    const { status, body } = await answer(await send());
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    // Nothing unexpected happened on the way: no masked internal error was logged.
    expect(t.log().slice(before)).not.toMatch(/unexpected GraphQL error|request failed/);
  });
});

describe('no error message repeats a submitted value', () => {
  const echoes: Array<[string, unknown]> = [
    ['an enum variable', { query: 'query($l: Locale!) { partners(locale: $l) { name } }', variables: { l: CANARY } }],
    ['an enum literal', { query: `{ partners(locale: ${CANARY.replace(/-/g, '_')}) { name } }` }],
    ['an Int variable', { query: 'query($v: Int) { privacyNotice(version: $v) { version } }', variables: { v: CANARY } }],
    ['an Int literal', { query: `{ privacyNotice(version: "${CANARY}") { version } }` }],
    ['a nested input field', { query: 'mutation($i: RegisterInput!) { register(input: $i) { expiresAt } }', variables: { i: { phone: { value: CANARY }, code: '1', password: 'x' } } }],
    ['an unknown input field', { query: 'mutation($i: RegisterInput!) { register(input: $i) { expiresAt } }', variables: { i: { phone: '1', code: '1', password: 'x', [CANARY.replace(/-/g, '_')]: 1 } } }],
    ['a date-time', { query: 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { consentVersion } }', variables: { i: { noticeVersion: 1, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: [], expiresAt: CANARY } } }],
    ['a data category', { query: 'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { consentVersion } }', variables: { i: { purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: [CANARY] } } }],
    ['a syntax error', { query: `{ publicProfile(id: "${CANARY}\\x") { displayName } }` }],
    ['an unexpected character', { query: `{ ${CANARY} }` }],
    ['a value in a string escape', { query: `{ publicProfile(id: "\\u${CANARY.slice(-4)}\\uZZZZ") { displayName } }` }],
  ];
  it.each(echoes)('%s', async (_name, body) => {
    const { status, body: json } = await answer(await t.post(body));
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(json.errors?.length).toBeGreaterThan(0);
    const messages = JSON.stringify(json.errors);
    expect(messages).not.toContain('13912345678');
    expect(messages).not.toMatch(/canary/i);
    expect(messages).not.toContain('5678');
  });

  it('names the variable, where in it, and what was expected', async () => {
    const { body } = await answer(await t.post({ query: 'query($f: MedicalRecordFilter) { me { medicalRecords(filter: $f) { totalCount } } }', variables: { f: { kind: CANARY } } }));
    expect(body.errors?.[0]?.message).toBe('Variable "$f" got an invalid value at "f.kind". Expected a value of enum "MedicalRecordKind".');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'f.kind' });
  });
});

describe('no suggestion of any kind in production', () => {
  // Each with the name it would have suggested.
  it.each([
    ['a field', { query: '{ me { contributon { base } } }' }, 'contributions'],
    ['an argument', { query: '{ partners(locle: ZH_CN) { name } }' }, '"locale"'],
    ['a type', { query: 'query($f: MedicalRecordFiltr) { __typename }' }, 'MedicalRecordFilter"'],
    ['an enum literal', { query: '{ partners(locale: ZH_C) { name } }' }, 'ZH_CN'],
    ['an enum variable', { query: 'query($l: Locale!) { partners(locale: $l) { name } }', variables: { l: 'zh_cn' } }, 'ZH_CN'],
    ['an input field', { query: 'mutation($i: ProfileInput!) { updateProfile(input: $i) { displayName } }', variables: { i: { displayNam: 'x' } } }, '"displayName"'],
    ['a fragment type', { query: '{ ...F } fragment F on Quer { __typename }' }, '"Query"'],
  ])('%s', async (_name, body, suggestion) => {
    const { status, body: json } = await answer(await t.post(body));
    expect(status).toBe(400);
    const messages = json.errors!.map((e) => e.message).join('\n');
    expect(messages).not.toMatch(/did you mean/i);
    expect(messages).not.toContain(suggestion);
  });
});

describe('the GraphQL-over-HTTP audit (graphql-http)', () => {
  it('finds no error and no more warnings than Apollo Server’s own result (3)', async () => {
    // As a developer, whose key opens introspection (the audit asks for __type).
    const results = await auditServer({
      url: `${t.url}/graphql`,
      fetchFn: (input: RequestInfo | URL, init: RequestInit = {}) =>
        fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-shebao-developer-key': DEVELOPER_KEY } }),
    });
    const problems = results.filter((r) => r.status === 'warn' || r.status === 'error').map((r) => `${r.status} ${r.id} ${r.name}`);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
    expect(problems.length, problems.join('\n')).toBeLessThanOrEqual(3);
  });
});
