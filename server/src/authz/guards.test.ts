import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AccessDecision } from './access-decision.js';
import { applyOperationGuards, auditOperationGuards, enforceGuard, type Guard, type GuardContext } from './guards.js';
import type { Principal } from './principal.js';
import type { RequestAccess } from './request-access.js';

const person: Principal = { kind: 'person', accountId: 'a-1', sessionId: 's-1', consentVersion: 3 };
const partner: Principal = {
  kind: 'partner',
  partnerId: 'p-1',
  partnerName: 'P',
  tokenId: 't-1',
  accountId: 'a-1',
  scopes: ['device.info'],
  registeredCategories: ['device.info'],
  consentVersion: 3,
};
const researcher: Principal = { kind: 'researcher', researcherId: 'r-1' };
const anonymous: Principal = { kind: 'anonymous' };

/** A context whose decision allows exactly `allowed`. */
function context(principal: Principal, allowed: string[] = []): GuardContext {
  const decision = { allowed: new Set(allowed) } as unknown as AccessDecision;
  return { principal, access: { decide: async () => decision } as unknown as RequestAccess };
}

async function refusal(guard: Guard, ctx: GuardContext, production = false): Promise<Record<string, unknown> | null> {
  try {
    await enforceGuard(guard, ctx, { production });
    return null;
  } catch (error) {
    return { message: (error as Error).message, ...(error as { extensions: Record<string, unknown> }).extensions };
  }
}

describe('operation guards', () => {
  it('let anyone through an anyone guard, and only the person through a person guard', async () => {
    for (const principal of [person, partner, researcher, anonymous]) expect(await refusal({ caller: 'anyone' }, context(principal))).toBeNull();
    expect(await refusal({ caller: 'person' }, context(person))).toBeNull();
    for (const principal of [partner, researcher, anonymous]) {
      expect(await refusal({ caller: 'person' }, context(principal))).toEqual({ message: 'Sign in to do this', code: 'UNAUTHENTICATED' });
    }
  });

  it('refuse everyone but a researcher with RESEARCHER_ONLY', async () => {
    expect(await refusal({ caller: 'researcher' }, context(researcher))).toBeNull();
    for (const principal of [person, partner, anonymous]) {
      expect(await refusal({ caller: 'researcher' }, context(principal))).toMatchObject({ code: 'FORBIDDEN', reason: 'RESEARCHER_ONLY' });
    }
  });

  it('need a current grant for a consent guard, and say which category', async () => {
    const guard: Guard = { caller: 'person', consent: 'location' };
    expect(await refusal(guard, context(person, ['location']))).toBeNull();
    expect(await refusal(guard, context(person, ['device.info']))).toMatchObject({ code: 'CONSENT_REQUIRED', category: 'location' });
    expect(await refusal(guard, context(anonymous, ['location']))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuse development-only operations in production, whoever asks', async () => {
    const guard: Guard = { caller: 'anyone', developmentOnly: true };
    expect(await refusal(guard, context(person))).toBeNull();
    expect(await refusal(guard, context(person), true)).toMatchObject({ code: 'FORBIDDEN', reason: 'DEVELOPMENT_ONLY' });
  });

  it('deny by default: a root field without a guard fails the audit and the schema is not built', () => {
    const query = new GraphQLObjectType({
      name: 'Query',
      fields: {
        guarded: { type: GraphQLString, extensions: { guard: { caller: 'anyone' } } },
        forgotten: { type: GraphQLString },
        odd: { type: GraphQLString, extensions: { guard: { caller: 'anyone', consent: 'salary' } } },
      },
    });
    const mutation = new GraphQLObjectType({ name: 'Mutation', fields: { alsoForgotten: { type: GraphQLString } } });
    const schema = new GraphQLSchema({ query, mutation });
    expect(auditOperationGuards(schema)).toEqual([
      'Query.forgotten: no guard',
      'Query.odd: unknown category salary',
      'Query.odd: a consent guard is for the person',
      'Mutation.alsoForgotten: no guard',
    ]);
    expect(() => applyOperationGuards(schema, { production: false })).toThrow(/Query\.forgotten: no guard/);
  });

  it('run the guard before the resolver, which never runs when refused', async () => {
    let ran = 0;
    const query = new GraphQLObjectType({
      name: 'Query',
      fields: { mine: { type: GraphQLString, extensions: { guard: { caller: 'person' } }, resolve: () => (ran += 1, 'ok') } },
    });
    const schema = applyOperationGuards(new GraphQLSchema({ query }), { production: false });
    const resolve = schema.getQueryType()!.getFields().mine!.resolve!;
    expect(() => resolve({}, {}, context(anonymous), {} as never)).toThrow('Sign in to do this');
    expect(ran).toBe(0);
    expect(resolve({}, {}, context(person), {} as never)).toBe('ok');
    expect(ran).toBe(1);
  });
});
