import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorArgument, cursorParts, globalIdArgument, isLocalDate, uuidArgument } from './arguments.js';
import { encodeCursor, toGlobalId } from './global-ids.js';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('argument checks', () => {
  it('takes only calendar dates that exist', () => {
    expect(['2024-02-29', '1999-12-31', '9999-01-01'].every(isLocalDate)).toBe(true);
    expect(['2024-02-31', '2023-02-29', '0000-01-01', '2024-13-01', '2024-1-01', ' 2024-01-01', 20240101].some(isLocalDate)).toBe(false);
  });

  it('takes a uuid exactly, and names the argument otherwise without repeating the value', () => {
    expect(uuidArgument(ID, 'partnerId')).toBe(ID);
    for (const bad of ['-'.repeat(36), `${ID} `, `${ID}x`, '']) {
      expect(() => uuidArgument(bad, 'partnerId')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'partnerId' }) }));
      try {
        uuidArgument(`x${bad}secret`, 'partnerId');
      } catch (error) {
        expect((error as Error).message).not.toContain('secret');
      }
    }
  });

  it('takes a global id of Type:uuid only', () => {
    expect(globalIdArgument(toGlobalId('Person', ID), 'id')).toEqual({ type: 'Person', id: ID });
    for (const bad of [toGlobalId('Person', '-'.repeat(36)), toGlobalId('person', ID), toGlobalId('Person', `${ID}'--`), 'bm9wZQ', '!!!', '']) {
      expect(() => globalIdArgument(bad, 'id')).toThrow(/^id: expected a global id$/);
    }
  });

  it('takes a cursor of the shape it was made with only', () => {
    const shape = z.tuple([cursorParts.localDate, cursorParts.uuid]);
    expect(cursorArgument(encodeCursor(['2024-01-31', ID]), 'after', shape)).toEqual(['2024-01-31', ID]);
    for (const bad of [encodeCursor(['2024-02-31', ID]), encodeCursor(['2024-01-31', 'x']), encodeCursor([1, 2]), encodeCursor(['2024-01-31', ID, 'extra']), 'garbage!', '']) {
      expect(() => cursorArgument(bad, 'after', shape)).toThrow(/^after: expected a cursor/);
    }
    const sequence = z.tuple([cursorParts.sequence]);
    for (const bad of [[0], [1.5], [-1], [2 ** 31], [1e300], ['1']]) expect(() => cursorArgument(encodeCursor(bad as never), 'after', sequence)).toThrow();
  });
});
