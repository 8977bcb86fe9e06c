// Operators sign in with a password and a TOTP code (each code once), hold short sessions in their
// own cookie, and every action lands in an append-only, hash-chained audit log.
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database.js';
import { OPERATOR_COOKIE, OPERATOR_IDLE_MS, totpCode } from '../../src/modules/operators/index.js';
import { SESSION_COOKIE } from '../../src/modules/accounts/index.js';
import { createOperator, operatorGql, SIGN_IN, signInOperator } from '../support/operators.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const ME = '{ operatorMe { loginName roles } }';
const db = () => app.database.db;

describe('operator sign-in', () => {
  it('takes password and TOTP code, sets a /operator cookie (HttpOnly, SameSite=Strict) and opens a session', async () => {
    const operator = await createOperator(app, ['PARTNER_MANAGER']);
    const result = await operatorGql(app, SIGN_IN, { l: operator.loginName, p: operator.password, c: await totpCode(operator.secret) });
    expect(result.errors).toBeUndefined();
    expect(result.data.operatorSignIn.operator.roles).toEqual(['PARTNER_MANAGER']);
    expect(result.data.operatorSignIn.idleTimeoutSeconds).toBe(OPERATOR_IDLE_MS / 1000);
    const cookie = result.setCookie!;
    expect(cookie).toMatch(new RegExp(`^${OPERATOR_COOKIE}=sbo_`));
    expect(cookie).toContain('Path=/operator');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const token = cookie.match(/=([^;]+)/)![1]!;
    const me = await operatorGql(app, ME, {}, { session: token });
    expect(me.data.operatorMe).toEqual({ loginName: operator.loginName, roles: ['PARTNER_MANAGER'] });
  });

  it('refuses a wrong code, a wrong password and an unknown name alike, and a replayed code', async () => {
    const operator = await createOperator(app, ['SUPPORT']);
    const code = await totpCode(operator.secret);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = [
      await operatorGql(app, SIGN_IN, { l: operator.loginName, p: operator.password, c: wrongCode }),
      await operatorGql(app, SIGN_IN, { l: operator.loginName, p: 'Not-the-password-1', c: code }),
      await operatorGql(app, SIGN_IN, { l: 'nobody-here', p: operator.password, c: code }),
    ];
    for (const answer of answers) {
      expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
      expect(answer.setCookie).toBeNull();
    }
    expect((await operatorGql(app, SIGN_IN, { l: operator.loginName, p: operator.password, c: code })).errors).toBeUndefined();
    const replayed = await operatorGql(app, SIGN_IN, { l: operator.loginName, p: operator.password, c: code });
    expect(replayed.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(replayed.setCookie).toBeNull();
    // A code from the step before the one spent is older still: refused too.
    const earlier = await generate({ secret: operator.secret, epoch: Math.floor(Date.now() / 1000) - 30 });
    expect((await operatorGql(app, SIGN_IN, { l: operator.loginName, p: operator.password, c: earlier })).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    const reasons = rowsOf<{ reason: string }>(
      await db().execute(sql`select detail->>'reason' as reason from operator_audit_log where operator_id = ${operator.id} and action = 'operator.sign_in_failed' order by seq`),
    ).map((r) => r.reason);
    expect(reasons).toEqual(['code', 'password', 'replay', 'replay']);
  });

  it('ends a session after 15 idle minutes, after 8 hours however active, and on sign-out', async () => {
    const operator = await createOperator(app, ['SECURITY_OFFICER']);
    const idle = await signInOperator(app, operator);
    await db().execute(sql`update operator_sessions set last_seen_at = now() - interval '16 minutes' where operator_id = ${operator.id}`);
    expect((await operatorGql(app, ME, {}, { session: idle })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const second = await createOperator(app, ['SECURITY_OFFICER']);
    const old = await signInOperator(app, second);
    expect((await operatorGql(app, ME, {}, { session: old })).data.operatorMe.loginName).toBe(second.loginName);
    await db().execute(sql`update operator_sessions set expires_at = now() - interval '1 second' where operator_id = ${second.id}`);
    expect((await operatorGql(app, ME, {}, { session: old })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const third = await createOperator(app, ['SECURITY_OFFICER']);
    const live = await signInOperator(app, third);
    const out = await operatorGql(app, 'mutation { operatorSignOut }', {}, { session: live });
    expect(out.data.operatorSignOut).toBe(true);
    expect(out.setCookie).toMatch(new RegExp(`^${OPERATOR_COOKIE}=;`));
    expect(out.headers.get('clear-site-data')).toBeNull(); // the person's PWA on this origin keeps its storage
    expect((await operatorGql(app, ME, {}, { session: live })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('operators and people never cross', () => {
  it('a person’s session is no one on the operator endpoint, as cookie or bearer', async () => {
    const person = await app.signInDemo();
    const byCookie = await operatorGql(app, ME, {}, { headers: { cookie: `${SESSION_COOKIE}=${person}` } });
    expect(byCookie.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const byBearer = await operatorGql(app, ME, {}, { headers: { authorization: `Bearer ${person}` } });
    expect(byBearer.status).toBe(401);
    // A person's token in the operator cookie is not an operator session either.
    expect((await operatorGql(app, ME, {}, { session: person })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an operator session is no one on /graphql, and operator operations do not exist there', async () => {
    const operator = await createOperator(app, ['SUPPORT', 'PRIVACY_OFFICER', 'PARTNER_MANAGER', 'SECURITY_OFFICER']);
    const token = await signInOperator(app, operator);
    const me = await app.gql('{ me { id } }', {}, { headers: { cookie: `${OPERATOR_COOKIE}=${token}` } });
    expect(me.data.me).toBeNull();
    expect(me.errors?.[0]?.extensions?.reason).toBe('UNAUTHENTICATED');
    expect((await app.gql('{ me { id } }', {}, { token })).status).toBe(401);
    const missing = await app.gql('{ operatorMe { id } }', {}, { headers: { cookie: `${OPERATOR_COOKIE}=${token}` } });
    expect(missing.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('the operator audit log', () => {
  it('records actions in a chain that verifies, and refuses UPDATE, DELETE and TRUNCATE', async () => {
    const operator = await createOperator(app, ['SECURITY_OFFICER']);
    const token = await signInOperator(app, operator);
    const chain = await operatorGql(app, '{ operatorAuditChain { ok length } }', {}, { session: token });
    expect(chain.data.operatorAuditChain.ok).toBe(true);
    const log = await operatorGql(app, '{ operatorAuditLog(first: 5) { seq action operatorId } }', {}, { session: token });
    // Newest first: the chain check above was an operation of this operator, after the sign-in.
    expect(log.data.operatorAuditLog.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['operation', 'operator.sign_in']);
    expect(log.data.operatorAuditLog[0].operatorId).toBe(operator.id);

    for (const statement of [
      sql`update operator_audit_log set action = 'nothing' where operator_id = ${operator.id}`,
      sql`delete from operator_audit_log where operator_id = ${operator.id}`,
      sql`truncate operator_audit_log`,
    ]) {
      await expect(db().execute(statement)).rejects.toThrow();
    }
    expect((await app.app.services.operatorAudit.verifyChain()).ok).toBe(true);
  });

  it('detects a row changed behind the trigger’s back', async () => {
    const audit = app.app.services.operatorAudit;
    await audit.record({ operatorId: null, action: 'test.entry', detail: { n: 1 } });
    await audit.record({ operatorId: null, action: 'test.entry', detail: { n: 2 } });
    const before = await audit.verifyChain();
    expect(before.ok).toBe(true);
    await db().execute(sql`alter table operator_audit_log disable trigger operator_audit_log_no_update_delete`);
    try {
      await db().execute(sql`update operator_audit_log set detail = '{"n": 3}' where seq = (select max(seq) - 1 from operator_audit_log)`);
      expect(await audit.verifyChain()).toMatchObject({ ok: false, brokenAtSeq: before.length - 1, problem: 'HASH_MISMATCH' });
    } finally {
      await db().execute(sql`alter table operator_audit_log enable trigger operator_audit_log_no_update_delete`);
    }
  });
});
