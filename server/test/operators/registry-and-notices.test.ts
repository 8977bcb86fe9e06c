// The partner manager's registry and the privacy officer's notice versions, through the operator
// endpoint: every change audited; a suspension kills a live partner token at once; publishing a
// changed purpose makes people agree again (nothing counts by continued use).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database.js';
import { DEMO_INSURER_CLIENT_ID } from '../../src/seed/demo.js';
import { oauthError } from '../oauth/oauth-harness.js';
import { createOperator, operatorGql, signInOperator } from '../support/operators.js';
import { partnerTokens } from '../support/partner-flow.js';
import { registerWithCard, startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
let manager: string;
let officer: string;
beforeAll(async () => {
  app = await startTestApp();
  manager = await signInOperator(app, await createOperator(app, ['PARTNER_MANAGER']));
  officer = await signInOperator(app, await createOperator(app, ['PRIVACY_OFFICER']));
});
afterAll(() => app?.close());

const auditOf = async (target: string) =>
  rowsOf<{ action: string; detail: any }>(await app.database.db.execute(sql`select action, detail from operator_audit_log where target = ${target} order by seq`));

const PARTNER_FIELDS = 'id clientId name active dpopRequired maxGrantDays registeredCategories redirectUris activeGrants';

describe('the partner registry', () => {
  it('registers and edits a partner with its keys, refuses a bad registration unchanged, and audits each change', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' };
    const clientId = `acme-${randomBytes(3).toString('hex')}`;
    const input = {
      clientId,
      name: '测试保险',
      nameEn: 'Test Insurance',
      description: '核保',
      descriptionEn: 'Underwriting',
      contact: 'privacy@acme.example',
      purposes: [{ zh: '核保', en: 'Underwriting' }],
      registeredCategories: ['insurance.status'],
      redirectUris: ['https://acme.example/cb'],
      jwks: { keys: [jwk] },
      dpopRequired: true,
      maxGrantDays: 90,
    };
    const bad = await operatorGql(app, `mutation($i: PartnerRegistrationInput!) { registerPartner(input: $i) { partner { id } } }`, { i: { ...input, redirectUris: ['http://acme.example/cb'] } }, { session: manager });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'redirectUris.0' });
    expect(JSON.stringify(bad.errors)).not.toContain('acme.example/cb');

    const created = await operatorGql(app, `mutation($i: PartnerRegistrationInput!) { registerPartner(input: $i) { partner { ${PARTNER_FIELDS} } clientSecret } }`, { i: input }, { session: manager });
    expect(created.errors).toBeUndefined();
    const partner = created.data.registerPartner.partner;
    expect(partner).toMatchObject({ clientId, active: true, dpopRequired: true, maxGrantDays: 90, registeredCategories: ['insurance.status'], activeGrants: 0 });
    expect(created.data.registerPartner.clientSecret).toBeNull();

    const { clientId: _c, ...edit } = input;
    const edited = await operatorGql(
      app,
      `mutation($id: ID!, $i: PartnerRegistrationInput!) { updatePartner(id: $id, input: $i) { ${PARTNER_FIELDS} } }`,
      { id: partner.id, i: { ...edit, registeredCategories: ['insurance.status', 'insurance.balance'], maxGrantDays: 30 } },
      { session: manager },
    );
    expect(edited.errors).toBeUndefined();
    expect(edited.data.updatePartner).toMatchObject({ clientId, maxGrantDays: 30, registeredCategories: ['insurance.status', 'insurance.balance'] });
    const entries = await auditOf(`partner:${partner.id}`);
    expect(entries.map((e) => e.action)).toEqual(['partner.register', 'partner.update']);
    expect(entries[1]!.detail).toMatchObject({ before: { maxGrantDays: 90 }, after: { maxGrantDays: 30 } });
  });

  it('suspending ends a live token at once, through the real OAuth flow; reinstating leaves old grants ended', async () => {
    const owner = await app.signInDemo();
    const insurer = (await operatorGql(app, `{ registryPartners { ${PARTNER_FIELDS} } }`, {}, { session: manager })).data.registryPartners.find(
      (p: { clientId: string }) => p.clientId === DEMO_INSURER_CLIENT_ID,
    );
    const session = await partnerTokens(app.url, owner, { scopes: ['insurance.status'] });
    const read = () => app.gql('{ me { insurance { city } } }', {}, { token: session.accessToken });
    expect((await read()).status).toBe(200);

    const suspended = await operatorGql(app, `mutation($id: ID!) { suspendPartner(id: $id) { endedGrants partner { active activeGrants } } }`, { id: insurer.id }, { session: manager });
    expect(suspended.data.suspendPartner).toMatchObject({ endedGrants: 1, partner: { active: false, activeGrants: 0 } });
    expect((await read()).status).toBe(401);

    const reinstated = await operatorGql(app, `mutation($id: ID!) { reinstatePartner(id: $id) { active } }`, { id: insurer.id }, { session: manager });
    expect(reinstated.data.reinstatePartner.active).toBe(true);
    expect((await read()).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(session.config, session.refreshToken))).toBe('invalid_grant');
    const actions = (await auditOf(`partner:${insurer.id}`)).map((e) => [e.action, e.detail.endedGrants]);
    expect(actions).toEqual([
      ['partner.suspend', 1],
      ['partner.reinstate', undefined],
    ]);
  });
});

describe('notice versions', () => {
  const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { consentVersion } }';
  const STATE = '{ me { consents { version noticeVersion renewalNeeded grants { purpose categories current } } } }';

  it('a draft diffed by purpose and published makes exactly the changed purpose’s grants stop counting until the person agrees again', async () => {
    const person = await registerWithCard(app, `139${String(Date.now()).slice(-8)}`, `SH${randomBytes(4).toString('hex').slice(0, 7).toUpperCase()}`);
    const version = (await app.gql('{ privacyNotice { version } }')).data.privacyNotice.version;
    for (const [purpose, categories] of [
      ['PRODUCT_NOTICES', ['account.contact']],
      ['SERVICE_IMPROVEMENT', ['device.info']],
    ] as const) {
      const granted = await app.gql(GRANT, { i: { noticeVersion: version, purpose, recipient: { type: 'SERVICE' }, categories } }, { token: person });
      expect(granted.errors).toBeUndefined();
    }
    const before = (await app.gql(STATE, {}, { token: person })).data.me.consents;

    const draft = (await operatorGql(app, 'mutation { createNoticeDraft { id baseVersion content } }', {}, { session: officer })).data.createNoticeDraft;
    expect(draft.baseVersion).toBe(version);
    const content = structuredClone(draft.content);
    content.purposes.find((p: { purpose: string }) => p.purpose === 'PRODUCT_NOTICES').retentionDays = 30;
    const invalid = await operatorGql(app, 'mutation($id: ID!, $c: JSON!) { updateNoticeDraft(id: $id, content: $c) { id } }', { id: draft.id, c: { ...content, purposes: [] } }, { session: officer });
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content.purposes' });
    const saved = await operatorGql(app, 'mutation($id: ID!, $c: JSON!) { updateNoticeDraft(id: $id, content: $c) { id } }', { id: draft.id, c: content }, { session: officer });
    expect(saved.errors).toBeUndefined();

    const diff = (
      await operatorGql(app, 'query($id: ID!) { noticeDraftDiff(id: $id) { fromVersion affectedPeople purposes { purpose change retentionDaysBefore retentionDaysAfter needsReconsent } } }', { id: draft.id }, { session: officer })
    ).data.noticeDraftDiff;
    expect(diff.purposes.filter((p: { change: string }) => p.change !== 'UNCHANGED')).toEqual([
      { purpose: 'PRODUCT_NOTICES', change: 'CHANGED', retentionDaysBefore: 0, retentionDaysAfter: 30, needsReconsent: true },
    ]);
    expect(diff.affectedPeople).toBeGreaterThanOrEqual(1);

    const published = await operatorGql(app, 'mutation($id: ID!) { publishNoticeDraft(id: $id) { version reconsentPurposes affectedPeople } }', { id: draft.id }, { session: officer });
    expect(published.errors).toBeUndefined();
    expect(published.data.publishNoticeDraft).toMatchObject({ version: version + 1, reconsentPurposes: ['PRODUCT_NOTICES'] });

    const after = (await app.gql(STATE, {}, { token: person })).data.me.consents;
    expect(after.version).toBeGreaterThan(before.version); // the app re-checks its offline copies
    expect(after.noticeVersion).toBe(version + 1);
    expect(after.renewalNeeded).toEqual(['PRODUCT_NOTICES']);
    const current = (purpose: string) => after.grants.find((g: { purpose: string }) => g.purpose === purpose).current;
    expect(current('PRODUCT_NOTICES')).toBe(false);
    expect(current('SERVICE_IMPROVEMENT')).toBe(true);
    // Nobody is messaged on the strength of the old grant.
    const accountId = rowsOf<{ id: string }>(await app.database.db.execute(sql`select account_id as id from sessions order by created_at desc limit 1`))[0]!.id;
    await app.app.services.productNotices.broadcast('test-notice', {});
    expect(rowsOf(await app.database.db.execute(sql`select 1 from outbox where account_id = ${accountId} and template = 'test-notice'`))).toHaveLength(0);

    // Agreeing again, to the new version, counts.
    await app.gql(GRANT, { i: { noticeVersion: version + 1, purpose: 'PRODUCT_NOTICES', recipient: { type: 'SERVICE' }, categories: ['account.contact'] } }, { token: person });
    const renewed = (await app.gql(STATE, {}, { token: person })).data.me.consents;
    expect(renewed.renewalNeeded).toEqual([]);

    // A published draft cannot be published again.
    const again = await operatorGql(app, 'mutation($id: ID!) { publishNoticeDraft(id: $id) { version } }', { id: draft.id }, { session: officer });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await auditOf(`notice:${version + 1}`)).map((e) => e.action)).toEqual(['notice.publish']);
  });
});
