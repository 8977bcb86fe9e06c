import { Field, InputType, ObjectType } from 'type-graphql';
import { Category, PersonalType } from '../../authz/field-tags.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType({ description: 'A new session. The PWA also receives it as an HttpOnly cookie; other clients send it as a bearer token.' })
export class AuthPayload {
  @Field(() => String)
  token!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;
}

@InputType()
export class RegisterInput {
  @Field(() => String, { description: 'Mainland China mobile number.' })
  phone!: string;

  @Field(() => String, { description: 'The 6-digit code sent by SMS.' })
  code!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String, { nullable: true })
  displayName?: string;
}

@InputType()
export class ProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'An https URL or a data:image URL.' })
  photoUrl?: string;

  @Field(() => Boolean, { nullable: true, description: 'Make the profile readable by anyone.' })
  isPublic?: boolean;
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
