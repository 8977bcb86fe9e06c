// Requests from people end to end over HTTP: export and transfer contain every category the
// person has data in; closing the account kills the partner's token at once and the erasure job,
// killed half-way, resumes and leaves no personal data in any table of the schema.
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CATEGORIES, EXPORT_FORMAT, TRANSFER_FORMAT } from '@shebao/vocabulary';
import { rowsOf } from '../../src/db/database.js';
import * as schema from '../../src/db/schema.js';
import { ERASURE_JOB, EXPORT_SECTIONS, RETAINED_PROCESSING_RECORDS, personalTables } from '../../src/modules/rights/index.js';
import { registerWithCard } from '../support/test-app.js';
import { partnerTokens } from '../support/partner-flow.js';
import { startRightsApp, type RightsApp } from './rights-harness.js';

let t: RightsApp;
beforeAll(async () => {
  t = await startRightsApp();
});
afterAll(() => t?.close());

const PASSWORD = 'Matrix-Test-99';
const REQUESTS = `{ me { dataRequests { id kind status deadline dueAt downloadableUntil answer } } }`;

/** Data in the categories that card linking does not bring: devices, installations, logs, location. */
async function collect(accountId: string) {
  const db = t.database.db;
  const [device] = await db.insert(schema.devices).values({ accountId, model: 'Pixel 9', osVersion: 'Android 16', deviceIdentifier: `dev-${accountId}` }).returning();
  const [installation] = await db.insert(schema.appInstallations).values({ accountId, deviceId: device!.id, installationNumber: `inst-${accountId}`, appVersion: '1.0.0', osType: 'android' }).returning();
  await db.insert(schema.installationEvents).values({ accountId, installationId: installation!.id, kind: 'INSTALL', appVersion: '1.0.0' });
  await db.insert(schema.deviceEvents).values(Array.from({ length: 9 }, (_, i) => ({ accountId, kind: 'ACTIVITY' as const, detail: `opened ${i}` })));
  await db.insert(schema.searchLogs).values({ accountId, query: '门诊报销' });
  await db.insert(schema.locationSamples).values(Array.from({ length: 16 }, (_, i) => ({ accountId, source: 'GPS' as const, latitude: 31.2 + i / 1000, longitude: 121.4, accuracyMeters: 10 })));
}

async function fileRequest(token: string, input: Record<string, unknown>) {
  return t.gql('mutation($i: DataRequestInput!) { fileDataRequest(input: $i) { id kind status deadline dueAt } }', { i: input }, { token });
}

describe('export and transfer', () => {
  it('the export holds every category the person has data in, and the transfer the same by category', async () => {
    const phone = '13700001201';
    const token = await registerWithCard(t, phone, 'SH7701201');
    const accountId = await t.accountIdOfCard('SH7701201');
    await t.gql('mutation { updateProfile(input: { displayName: "小王" }) { displayName } }', {}, { token });
    await collect(accountId);
    // A partner read: a consent receipt in the ledger and an access record.
    const partner = await partnerTokens(t.url, token, { scopes: ['insurance.status', 'medical.records'] });
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: partner.accessToken })).status).toBe(200);

    const exported = await fileRequest(token, { kind: 'EXPORT' });
    expect(exported.errors).toBeUndefined();
    expect(exported.data.fileDataRequest).toMatchObject({ kind: 'EXPORT', status: 'RECEIVED', deadline: 'ON_TIME' });
    const transfer = await fileRequest(token, { kind: 'TRANSFER' });
    // Not ready yet: nothing to download.
    expect((await t.gql('query($r: ID!) { me { dataExport(requestId: $r) { content } } }', { r: exported.data.fileDataRequest.id }, { token })).data.me.dataExport).toBeNull();

    await t.app.jobs.runDue();
    const listed = (await t.gql(REQUESTS, {}, { token })).data.me.dataRequests;
    expect(listed.map((r: { status: string }) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(listed.every((r: { downloadableUntil: string | null; deadline: string | null }) => r.downloadableUntil !== null && r.deadline === null)).toBe(true);

    const file = (await t.gql('query($r: ID!) { me { dataExport(requestId: $r) { fileName format content } } }', { r: exported.data.fileDataRequest.id }, { token })).data.me.dataExport;
    expect(file.format).toBe(EXPORT_FORMAT);
    expect(file.fileName).toMatch(/^shebao-export-\d{4}-\d{2}-\d{2}\.json$/);
    const archive = JSON.parse(file.content) as Record<string, unknown>;
    for (const category of ALL_CATEGORIES) {
      for (const section of EXPORT_SECTIONS[category]) {
        const value = archive[section.key];
        expect(value, `${category}: ${section.key}`).toBeTruthy();
        if (Array.isArray(value)) expect(value.length, `${category}: ${section.key}`).toBeGreaterThan(0);
        for (const field of section.fields ?? []) {
          if (field !== 'photoUrl' && field !== 'employer') expect((value as Record<string, unknown>)[field], `${category}: ${section.key}.${field}`).not.toBeNull();
        }
      }
    }
    expect(archive.account).toMatchObject({ phone: `+86${phone}`, displayName: '小王' });
    expect((archive.consentEvents as { receiptJws: string | null }[]).some((e) => e.receiptJws)).toBe(true);
    expect((archive.accessRecords as unknown[]).length).toBeGreaterThan(0);
    expect((archive.dataRequests as unknown[]).length).toBeGreaterThanOrEqual(2);

    const moved = JSON.parse(
      (await t.gql('query($r: ID!) { me { dataExport(requestId: $r) { format content } } }', { r: transfer.data.fileDataRequest.id }, { token })).data.me.dataExport.content,
    );
    expect(moved.format).toBe(TRANSFER_FORMAT);
    expect(Object.keys(moved.categories).sort()).toEqual([...ALL_CATEGORIES].sort());
    expect(moved.categories['account.contact'].account.phone).toBe(`+86${phone}`);
    expect(moved.categories.location.locations).toHaveLength(16);
    expect(moved.records.consentEvents.length).toBeGreaterThan(0);

    // Someone else's request id gives nothing.
    const other = await registerWithCard(t, '13700001202', 'SH7701202');
    expect((await t.gql('query($r: ID!) { me { dataExport(requestId: $r) { content } } }', { r: exported.data.fileDataRequest.id }, { token: other })).data.me.dataExport).toBeNull();
  });

  it('bad input is refused with its field and changes nothing', async () => {
    const token = await registerWithCard(t, '13700001203', 'SH7701203');
    const before = (await t.gql(REQUESTS, {}, { token })).data.me.dataRequests.length;
    const unknown = await fileRequest(token, { kind: 'DELETION', categories: ['not.a.category'] });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noNote = await fileRequest(token, { kind: 'CORRECTION', categories: ['insurance.status'] });
    expect(noNote.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    const closure = await fileRequest(token, { kind: 'CLOSURE' });
    expect(closure.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
    expect((await t.gql(REQUESTS, {}, { token })).data.me.dataRequests).toHaveLength(before);
  });
});

describe('deadlines', () => {
  it('a request past its deadline is flagged OVERDUE, one close to it DUE_SOON', async () => {
    const token = await registerWithCard(t, '13700001204', 'SH7701204');
    const correction = await fileRequest(token, { kind: 'CORRECTION', categories: ['insurance.status'], note: '单位名称有误' });
    const restriction = await fileRequest(token, { kind: 'RESTRICTION', categories: ['location'] });
    expect(correction.data.fileDataRequest.deadline).toBe('ON_TIME');
    const db = t.database.db;
    await db.execute(sql`update data_subject_requests set received_at = now() - interval '40 days', due_at = now() - interval '1 hour' where id = ${correction.data.fileDataRequest.id}`);
    await db.execute(sql`update data_subject_requests set due_at = now() + interval '1 day' where id = ${restriction.data.fileDataRequest.id}`);
    const byId = new Map<string, { deadline: string }>(((await t.gql(REQUESTS, {}, { token })).data.me.dataRequests as { id: string; deadline: string }[]).map((r) => [r.id, r]));
    expect(byId.get(correction.data.fileDataRequest.id)?.deadline).toBe('OVERDUE');
    expect(byId.get(restriction.data.fileDataRequest.id)?.deadline).toBe('DUE_SOON');
  });

  it('the deadline is 15 working days on the calendar, at the end of a Beijing day', async () => {
    const token = await registerWithCard(t, '13700001205', 'SH7701205');
    const filed = (await fileRequest(token, { kind: 'DELETION', categories: ['device.logs'] })).data.fileDataRequest;
    const due = new Date(filed.dueAt);
    expect(new Date(due.getTime() + 8 * 3_600_000).toISOString().slice(11)).toBe('23:59:59.999Z');
    // 15 working days are never fewer than 21 calendar days (three weeks), often more around holidays.
    expect(due.getTime() - Date.now()).toBeGreaterThan(20 * 86_400_000);
  });
});

/** Every table of the schema, with its columns. */
function allTables(): PgTable[] {
  return (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
}

describe('closing the account', () => {
  it('signs out and kills partner tokens at once; the erasure job, killed half-way, resumes and leaves no personal data in any table', async () => {
    const phone = '13700001299';
    const card = 'SH7701299';
    const token = await registerWithCard(t, phone, card);
    const accountId = await t.accountIdOfCard(card);
    await t.gql('mutation { updateProfile(input: { displayName: "待注销" }) { displayName } }', {}, { token });
    await collect(accountId);
    const partner = await partnerTokens(t.url, token, { scopes: ['insurance.status'] });
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: partner.accessToken })).status).toBe(200);
    await fileRequest(token, { kind: 'EXPORT' });
    await t.app.jobs.runDue();
    await t.app.services.support.open(accountId, { categories: ['insurance.status'], hours: 2 });

    // What identifies the person, to search every column of every table for afterwards.
    const db = t.database.db;
    const [profile] = rowsOf<{ real_name: string; id_number_hash: string; id_number_encrypted: string }>(
      await db.execute(sql`select real_name, id_number_hash, id_number_encrypted from insurance_profiles where account_id = ${accountId}`),
    );
    const [account] = rowsOf<{ phone_hash: string; phone_encrypted: string }>(await db.execute(sql`select phone_hash, phone_encrypted from accounts where id = ${accountId}`));
    const needles = [phone, card, t.app.crypto.lookupHash(card), account!.phone_hash, account!.phone_encrypted, profile!.real_name, profile!.id_number_hash, profile!.id_number_encrypted, '待注销'];
    const personalRows = async () => {
      let total = 0;
      for (const table of personalTables()) total += await t.count(sql`select count(*)::int as n from ${table} where account_id = ${accountId}`);
      return total + (await t.count(sql`select count(*)::int as n from oauth_models where account_id = ${accountId}`));
    };
    const before = await personalRows();
    expect(before).toBeGreaterThan(40);
    const accessRecords = () => t.count(sql`select count(*)::int as n from access_records where subject_id = ${accountId}`);
    const accessRecordsBefore = await accessRecords();
    expect(accessRecordsBefore).toBeGreaterThan(0);

    const closed = await t.gql('mutation($p: String!) { closeAccount(password: $p) { kind status } }', { p: PASSWORD }, { token });
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeAccount).toEqual({ kind: 'CLOSURE', status: 'IN_PROGRESS' });
    // At once: the partner's token and the person's session are dead, and the number signs in nowhere.
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: partner.accessToken })).status).toBe(401);
    expect((await t.gql('{ me { phone } }', {}, { token })).status).toBe(401);
    const signIn = await t.gql('mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }', { p: phone, w: PASSWORD });
    expect(signIn.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');

    // The erasure job dies in its 4th batch (rolled back), after three committed ones.
    const afterClosure = await personalRows();
    t.crashOn(ERASURE_JOB, [4]);
    const jobId = rowsOf<{ id: string }>(await db.execute(sql`select id from jobs where key = ${`${ERASURE_JOB}:${accountId}`}`))[0]!.id;
    expect(await t.app.jobs.run(jobId)).toBe('RETRY');
    const crashed = await t.app.jobs.job(jobId);
    expect(crashed).toMatchObject({ state: 'RUNNING', attempts: 1, lastError: 'Error' });
    // What the committed batches did is gone, the dying batch's work is not: nothing lost, nothing counted twice.
    expect((await personalRows()) + crashed!.progress).toBe(afterClosure);
    expect(await t.count(sql`select count(*)::int as n from accounts where id = ${accountId}`)).toBe(1);

    t.crashOn(null);
    expect(await t.app.jobs.run(jobId)).toBe('DONE');
    const done = await t.app.jobs.job(jobId);
    expect(done!.progress).toBe(afterClosure + 1); // every row once, and the account
    expect(await personalRows()).toBe(0);

    // Table by table over the whole schema: no row about the person, except the processing
    // records the law asks for, and no identifying value anywhere.
    for (const table of allTables()) {
      const name = getTableName(table);
      const columns = Object.values(getTableColumns(table));
      for (const column of columns.filter((c) => c.name === 'account_id' || c.name === 'subject_id')) {
        const n = await t.count(sql`select count(*)::int as n from ${table} where ${sql.identifier(column.name)}::text = ${accountId}`);
        if ((RETAINED_PROCESSING_RECORDS as readonly string[]).includes(name)) continue;
        expect(n, `${name}.${column.name}`).toBe(0);
      }
      const searchable = columns.filter((c) => ['PgText', 'PgJsonb', 'PgArray'].includes(c.columnType));
      for (const column of searchable) {
        const anyNeedle = sql.join(needles.map((needle) => sql`position(${needle} in ${sql.identifier(column.name)}::text) > 0`), sql` or `);
        expect(await t.count(sql`select count(*)::int as n from ${table} where ${anyNeedle}`), `${name}.${column.name} holds a personal value`).toBe(0);
      }
    }
    // What stays: the processing records, under the bare id, and the closure itself, COMPLETED.
    const requests = rowsOf<{ kind: string; status: string }>(await db.execute(sql`select kind, status from data_subject_requests where account_id = ${accountId} order by received_at`));
    expect(requests).toContainEqual({ kind: 'CLOSURE', status: 'COMPLETED' });
    // Every access record from before the closure is still there (PIPL Art. 56), none deleted.
    expect(await accessRecords()).toBeGreaterThanOrEqual(accessRecordsBefore);
    // The number is free for a new account.
    await t.gql('mutation($p: String!) { requestRegistrationCode(phone: $p) }', { p: phone });
  });

  it('a wrong password closes nothing', async () => {
    const token = await registerWithCard(t, '13700001298', 'SH7701298');
    const refused = await t.gql('mutation { closeAccount(password: "Wrong-Password-1") { status } }', {}, { token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect((await t.gql('{ me { phone } }', {}, { token })).data.me.phone).toBe('+8613700001298');
  });
});
