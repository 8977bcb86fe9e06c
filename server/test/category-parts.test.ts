// A query of several parts carries each part's categories (extensions.dataCategoryParts), which
// the PWA's service worker uses to keep the parts apart offline: every part by its response key
// (aliases and fragments included), only categories the decision allows, and nothing for a query
// of one part or a mutation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.signInDemo();
});
afterAll(() => t?.close());

const SEVERAL_PARTS = `query Parts {
  me {
    id
    profile { displayName }
    insurance { city participations { insuranceType } }
    savings: balances { amount }
    ...Contributions
    ... on Person { medicalSpending(months: 3) { month } }
  }
}
fragment Contributions on Person { contributions(last: 3) { month base } }`;

const WITHDRAW = 'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { version } }';
const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { consentVersion } }';
const SERVICE = { purpose: 'SERVICE', recipient: { type: 'SERVICE' } };

describe('categories per part', () => {
  it('labels each field below a root field with its own categories, by response key', async () => {
    const result = await t.gql(SEVERAL_PARTS, {}, { token: owner });
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.dataCategoryParts).toEqual({
      'me.profile': ['account.profile'],
      'me.insurance': ['insurance.status'],
      'me.savings': ['insurance.balance'],
      'me.contributions': ['insurance.contributions'],
      'me.medicalSpending': ['medical.records'],
    });
    // The parts together account for every category the answer holds.
    const labelled = Object.values(result.extensions!.dataCategoryParts as Record<string, string[]>).flat();
    expect(new Set(labelled)).toEqual(new Set(result.extensions!.dataCategories));
  });

  it('leaves out a withdrawn category: its part is denied and unlabelled, the others keep theirs', async () => {
    const withdrawn = await t.gql(WITHDRAW, { i: { ...SERVICE, categories: ['insurance.balance'] } }, { token: owner });
    expect(withdrawn.errors).toBeUndefined();
    try {
      const result = await t.gql(SEVERAL_PARTS, {}, { token: owner });
      expect(result.data.me.savings).toBeNull();
      expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['me', 'savings'], 'FORBIDDEN']]);
      const parts = result.extensions?.dataCategoryParts as Record<string, string[]>;
      expect(parts['me.savings']).toBeUndefined();
      expect(parts['me.insurance']).toEqual(['insurance.status']);
      expect(result.extensions?.dataCategories).not.toContain('insurance.balance');
    } finally {
      const { data } = await t.gql('{ privacyNotice { version } }');
      const regranted = await t.gql(GRANT, { i: { ...SERVICE, noticeVersion: data.privacyNotice.version, categories: ['insurance.balance'] } }, { token: owner });
      expect(regranted.errors).toBeUndefined();
    }
  });

  it('is absent for a query of one part, for nobody signed in, and for a mutation', async () => {
    const one = await t.gql('{ me { id contributions(last: 2) { month } } }', {}, { token: owner });
    expect(one.extensions?.dataCategories).toEqual(['insurance.contributions']);
    expect(one.extensions).not.toHaveProperty('dataCategoryParts');
    const anonymous = await t.gql(SEVERAL_PARTS);
    expect(anonymous.extensions ?? {}).not.toHaveProperty('dataCategoryParts');
    const { data } = await t.gql('{ privacyNotice { version } }');
    const mutation = await t.gql(GRANT, { i: { ...SERVICE, noticeVersion: data.privacyNotice.version, categories: ['insurance.balance'] } }, { token: owner });
    expect(mutation.extensions ?? {}).not.toHaveProperty('dataCategoryParts');
  });
});
