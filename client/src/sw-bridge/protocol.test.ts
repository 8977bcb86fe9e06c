import { describe, expect, it } from 'vitest';
import { SignOutDocument } from '../gql/graphql';
import { isPageMessage, operationMetaOf, readOperationMeta } from './protocol';

describe('page ↔ worker protocol', () => {
  it('accepts exactly the messages a page may post', () => {
    expect(isPageMessage({ type: 'SKIP_WAITING' })).toBe(true);
    expect(isPageMessage({ type: 'PURGE', categories: ['medical.records'] })).toBe(true);
    expect(isPageMessage({ type: 'PURGE', categories: null })).toBe(true);
    expect(isPageMessage({ type: 'PURGE_ALL', keepOutbox: false })).toBe(true);
    expect(isPageMessage({ type: 'PURGE' })).toBe(false);
    expect(isPageMessage({ type: 'PURGE', categories: [1] })).toBe(false);
    expect(isPageMessage({ type: 'PURGE_ALL' })).toBe(false);
    expect(isPageMessage({ type: 'DELETE_EVERYTHING' })).toBe(false);
    expect(isPageMessage(null)).toBe(false);
  });

  it('reads the operation metadata codegen attaches to a document', () => {
    expect(operationMetaOf(SignOutDocument)).toEqual({ hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), operationName: 'SignOut', operationType: 'mutation' });
    expect(readOperationMeta({})).toBeNull();
    expect(() => operationMetaOf({})).toThrow('DOCUMENT_NOT_PERSISTED');
  });
});
