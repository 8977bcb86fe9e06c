import { describe, expect, it } from 'vitest';
import manifest from '../gql/persisted-documents.json';
import { operationById } from './operations';

describe('operations the worker knows', () => {
  it('covers every persisted document, with the type and name its text declares', () => {
    for (const [id, text] of Object.entries(manifest as Record<string, string>)) {
      const [, type, name] = /^(query|mutation|subscription) (\w+)/.exec(text) ?? [];
      expect(operationById(id), id).toEqual({ hash: id, operationName: name, operationType: type });
    }
    expect(operationById('sha256:unknown')).toBeUndefined();
    expect(operationById(undefined)).toBeUndefined();
  });
});
