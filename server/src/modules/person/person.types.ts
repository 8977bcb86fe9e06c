import { Field, ObjectType } from 'type-graphql';
import { Category, PersonalType } from '../../authz/field-tags.js';
import { Node } from '../../graphql/node.js';

/**
 * The subject of a request. Its fields are resolved by the module that owns the data
 * (insurance, devices, consent, audit), each tagged with its data category there.
 */
@ObjectType({ implements: Node, description: 'The person the credential speaks for: the signed-in person, or the person a partner token was issued for.' })
@PersonalType()
export class Person extends Node {
  /** Internal: the account id; never exposed. */
  accountId!: string;
}

@ObjectType({ description: "A person's public profile, readable by anyone while the person keeps it public." })
export class PublicProfile {
  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  photoUrl!: string | null;
}

@ObjectType({ description: 'Display name and photo.' })
@PersonalType()
export class Profile {
  @Field(() => String, { nullable: true })
  @Category('account.profile')
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  @Category('account.profile')
  photoUrl!: string | null;

  @Field(() => Boolean, { nullable: true })
  @Category('account.profile')
  isPublic!: boolean;
}
