import { ObjectType } from 'type-graphql';
import { PersonalType } from '../../authz/field-tags.js';
import { Node, toGlobalId } from '../../graphql/node.js';

/**
 * The subject of a request. Its fields are resolved by the module that owns the data
 * (insurance, devices, consent, audit, accounts), each tagged with its data category there.
 */
@ObjectType({ implements: Node, description: 'The person the credential speaks for: the signed-in person, or the person a partner token was issued for.' })
@PersonalType()
export class Person extends Node {
  /** Internal: the account id; never exposed. */
  accountId!: string;
}

export function personFor(accountId: string): Person {
  return Object.assign(new Person(), { id: toGlobalId('Person', accountId), accountId });
}
