// `node(id)` dispatches over the node sources the modules declare: gated by the source's category
// before the id is looked at, scoped by the subject, and null for anything it does not know.
import 'reflect-metadata';
import { graphql } from 'graphql';
import { buildSchema } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import type { AccessDecision, AccessDecisionCache } from '../../authz/access-decision.js';
import { applyOperationGuards } from '../../authz/guards.js';
import type { Principal } from '../../authz/principal.js';
import { RequestAccess } from '../../authz/request-access.js';
import type { Executor } from '../../db/database.js';
import type { NodeSource } from '../../graphql/module.js';
import { toGlobalId } from '../../graphql/node.js';
import { personModule } from './index.js';
import { PersonResolver } from './person.resolver.js';

const SUBJECT = '11111111-1111-4111-8111-111111111111';
const OTHER_ROW = '22222222-2222-4222-8222-222222222222';
const principal: Principal = { kind: 'person', accountId: SUBJECT, sessionId: 's', consentVersion: 1 };

async function ask(id: string, sources: NodeSource[], allowed: string[]) {
  const schema = applyOperationGuards(await buildSchema({ resolvers: [PersonResolver], validate: false }), { production: false });
  const decision = { allowed: new Set(allowed), denied: new Map(), isOwner: true } as unknown as AccessDecision;
  const access = new RequestAccess(principal, {} as Executor, { decide: async () => decision } as unknown as AccessDecisionCache);
  const { services } = personModule.create({ declarations: { nodes: () => sources } });
  const result = await graphql({ schema, source: 'query($id: ID!) { node(id: $id) { id } }', variableValues: { id }, contextValue: { principal, access, services } });
  return { node: (result.data as { node: { id: string } | null }).node, denials: access.denialErrors().map((e) => e.extensions) };
}

describe('node(id)', () => {
  const loaded: Array<[string, string]> = [];
  const person = personModule.create({ declarations: { nodes: () => [] } }).nodes!;
  const thing: NodeSource = {
    type: 'Thing',
    category: 'location',
    load: async (subjectId, id) => {
      loaded.push([subjectId, id]);
      return person[0]!.load(subjectId, subjectId);
    },
  };

  it('loads a declared type for the subject when its category is allowed', async () => {
    const { node } = await ask(toGlobalId('Thing', OTHER_ROW), [...person, thing], ['location']);
    expect(node).toEqual({ id: toGlobalId('Person', SUBJECT) });
    expect(loaded).toEqual([[SUBJECT, OTHER_ROW]]);
  });

  it("withholds a type whose category is denied without looking the id up", async () => {
    const { node, denials } = await ask(toGlobalId('Thing', OTHER_ROW), [...person, thing], []);
    expect(node).toBeNull();
    expect(denials).toEqual([{ code: 'FORBIDDEN', category: 'location', reason: 'NO_CONSENT' }]);
    expect(loaded).toHaveLength(1);
  });

  it('answers null for a type no module declares', async () => {
    expect((await ask(toGlobalId('Salary', OTHER_ROW), [...person, thing], ['location'])).node).toBeNull();
  });
});
