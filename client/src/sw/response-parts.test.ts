import { describe, expect, it } from 'vitest';
import type { GraphQLResponseBody } from '../sw-bridge/protocol';
import { joinResponse, partDocumentId, partsOf, piecesToKeep, type Piece } from './response-parts';

const DASHBOARD: GraphQLResponseBody = {
  data: {
    me: {
      id: 'UGVyc29uOjE',
      profile: { displayName: '张三' },
      insurance: { city: '杭州' },
      savings: null,
      contributions: [{ month: '2026-01', base: 8000 }],
    },
  },
  errors: [{ message: 'Not authorized', path: ['me', 'savings'], extensions: { code: 'FORBIDDEN', category: 'insurance.balance', reason: 'NO_CONSENT' } }],
  extensions: {
    dataCategories: ['account.profile', 'insurance.contributions', 'insurance.status'],
    dataCategoryParts: { 'me.profile': ['account.profile'], 'me.insurance': ['insurance.status'], 'me.contributions': ['insurance.contributions'] },
    consentVersion: 7,
  },
};

const byPart = (pieces: Piece[]) => new Map(pieces.map((p) => [p.part, p]));
const kept = (piece: Piece | undefined) => piece && { payload: piece.payload, categories: piece.categories };

describe('an answer of several parts', () => {
  it('is kept as one entry per labelled part, each with only its categories, and a frame with the rest', () => {
    const pieces = byPart(piecesToKeep(DASHBOARD));
    expect([...pieces.keys()]).toEqual(['me.profile', 'me.insurance', 'me.contributions', '']);
    expect(pieces.get('me.insurance')).toEqual({ part: 'me.insurance', categories: ['insurance.status'], payload: { data: { me: { insurance: { city: '杭州' } } }, errors: [] } });
    expect(pieces.get('me.contributions')!.categories).toEqual(['insurance.contributions']);
    // The frame: what no part holds (the id, the denied field and its error), and no categories.
    const frame = pieces.get('')!;
    expect(frame.categories).toEqual([]);
    expect(frame.payload.data).toEqual({ me: { id: 'UGVyc29uOjE', savings: null } });
    expect(frame.payload.errors).toEqual(DASHBOARD.errors);
    expect(partsOf(frame.payload)).toEqual(['me.profile', 'me.insurance', 'me.contributions']);
    // The answer itself is untouched.
    expect((DASHBOARD.data as { me: object }).me).toHaveProperty('profile');
  });

  it('is put back together as it was while every part is kept', () => {
    const pieces = byPart(piecesToKeep(DASHBOARD));
    const joined = joinResponse(kept(pieces.get(''))!, partsOf(pieces.get('')!.payload).map((part) => ({ part, kept: kept(pieces.get(part))! })));
    expect(joined.data).toEqual(DASHBOARD.data);
    expect(joined.errors).toEqual(DASHBOARD.errors);
    expect(joined.extensions?.dataCategories).toEqual(DASHBOARD.extensions!.dataCategories);
  });

  it('reads a part that is gone as null with an OFFLINE error at its path, and no longer lists its category', () => {
    const pieces = byPart(piecesToKeep(DASHBOARD));
    const joined = joinResponse(
      kept(pieces.get(''))!,
      partsOf(pieces.get('')!.payload).map((part) => ({ part, kept: part === 'me.contributions' ? null : kept(pieces.get(part))! })),
    );
    expect((joined.data as { me: Record<string, unknown> }).me).toEqual({ id: 'UGVyc29uOjE', profile: { displayName: '张三' }, insurance: { city: '杭州' }, savings: null, contributions: null });
    expect(joined.errors).toContainEqual({ message: 'offline', path: ['me', 'contributions'], extensions: { code: 'OFFLINE' } });
    expect(joined.extensions?.dataCategories).toEqual(['account.profile', 'insurance.status']);
  });

  it('names each part by the document and the part', () => {
    expect(partDocumentId('abc', 'me.balances')).toBe('abc#me.balances');
  });
});

describe('an answer kept whole', () => {
  const whole = (body: GraphQLResponseBody) => {
    const pieces = piecesToKeep(body);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.part).toBe('');
    expect(pieces[0]!.payload.extensions).not.toHaveProperty('dataCategoryParts');
    expect(partsOf(pieces[0]!.payload)).toEqual([]);
    return pieces[0]!;
  };

  it('without part labels, or with one part, carries all its categories', () => {
    expect(whole({ data: { me: { balances: [] } }, extensions: { dataCategories: ['insurance.balance'] } }).categories).toEqual(['insurance.balance']);
    const one = { data: { me: { balances: [] } }, extensions: { dataCategories: ['insurance.balance'], dataCategoryParts: { 'me.balances': ['insurance.balance'] } } };
    expect(whole(one).categories).toEqual(['insurance.balance']);
  });

  it('when a category is not accounted for by the parts (deny by default)', () => {
    const body = { ...DASHBOARD, extensions: { ...DASHBOARD.extensions, dataCategories: [...DASHBOARD.extensions!.dataCategories!, 'medical.records'] } };
    expect(whole(body).categories).toContain('medical.records');
  });

  it('when a root of the parts is not an object', () => {
    whole({ ...DASHBOARD, data: { me: null } });
  });
});
