// What the partner registry accepts: every row must be usable as an OAuth client as it is.
import { describe, expect, it } from 'vitest';
import { PartnerRegistrationError, parsePartnerRegistration } from '../../src/modules/partners/partner-registration.js';

const publicKey = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' };
const valid = {
  name: '安心保险',
  nameEn: 'Acme Insurance',
  description: '核保',
  descriptionEn: 'Underwriting',
  contact: 'privacy@acme.example',
  purposes: [{ zh: '核保与理赔', en: 'Underwriting and claims' }],
  registeredCategories: ['insurance.status', 'medical.records'],
  redirectUris: ['https://acme.example/cb', 'https://acme.example/cb2'],
  clientAuth: { method: 'private_key_jwt', jwks: { keys: [publicKey] } },
};

function problems(input: unknown): string[] {
  try {
    parsePartnerRegistration(input);
  } catch (error) {
    if (error instanceof PartnerRegistrationError) return error.problems;
    throw error;
  }
  return [];
}

describe('partner registration', () => {
  it('accepts a key-based partner, with defaults for the optional parts', () => {
    expect(parsePartnerRegistration(valid)).toMatchObject({ sandbox: false, dpopRequired: false, maxGrantDays: 365 });
  });

  it('keeps secrets to sandboxes, private keys out, and redirect URIs exact, https and on one host', () => {
    expect(problems({ ...valid, clientAuth: { method: 'client_secret_basic' } })).toEqual([expect.stringMatching(/^clientAuth.method: .*sandbox/)]);
    expect(problems({ ...valid, sandbox: true, clientAuth: { method: 'client_secret_basic' } })).toEqual([]);
    expect(problems({ ...valid, clientAuth: { method: 'private_key_jwt', jwks: { keys: [{ ...publicKey, d: 'secret' }] } } })[0]).toMatch(/public key/);
    expect(problems({ ...valid, clientAuth: { method: 'private_key_jwt', jwks: { keys: [{ kty: 'oct', k: 'abc' }] } } })).not.toEqual([]);
    expect(problems({ ...valid, redirectUris: ['http://acme.example/cb'] })).toEqual(['redirectUris.0: must use https']);
    expect(problems({ ...valid, redirectUris: ['https://acme.example/cb#x'] })).toEqual(['redirectUris.0: must not have a fragment']);
    expect(problems({ ...valid, redirectUris: ['https://acme.example/cb', 'https://other.example/cb'] })).toEqual(['redirectUris: all redirect URIs must share one host']);
    expect(problems({ ...valid, redirectUris: ['http://127.0.0.1:8080/cb'] })).toEqual(['redirectUris.0: must use https']);
    expect(problems({ ...valid, sandbox: true, redirectUris: ['http://127.0.0.1:8080/cb'] })).toEqual([]);
  });

  it('takes only known categories, once each, and a bounded grant length', () => {
    expect(problems({ ...valid, registeredCategories: ['insurance.status', 'insurance.status'] })).not.toEqual([]);
    expect(problems({ ...valid, registeredCategories: ['openid'] })).not.toEqual([]);
    expect(problems({ ...valid, registeredCategories: [] })).not.toEqual([]);
    expect(problems({ ...valid, maxGrantDays: 0 })).not.toEqual([]);
    expect(problems({ ...valid, unknownField: true })).not.toEqual([]);
  });
});
