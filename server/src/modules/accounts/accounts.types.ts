import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SMS_CODE_PURPOSES, type SmsCodePurpose as SmsCodePurposeValue } from '@shebao/vocabulary';
import { Category, PersonalType } from '../../authz/field-tags.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

export const SmsCodePurpose = Object.fromEntries(SMS_CODE_PURPOSES.map((p) => [p, p])) as { [K in SmsCodePurposeValue]: K };
registerEnumType(SmsCodePurpose, { name: 'SmsCodePurpose', description: 'What an SMS code is for; a code works for its purpose only.' });

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

  @Field(() => RegistrationAgreementInput, {
    nullable: true,
    description: 'The versions of the user agreement and privacy notice the person read and ticked; registration is refused (AGREEMENT_REQUIRED) without them or when either is no longer current.',
  })
  agreement?: RegistrationAgreementInput | null;
}

@InputType()
export class RegistrationAgreementInput {
  @Field(() => Int)
  userAgreementVersion!: number;

  @Field(() => Int)
  privacyNoticeVersion!: number;
}

@ObjectType()
export class LegalDocumentSection {
  @Field(() => String)
  heading!: string;

  @Field(() => String)
  body!: string;
}

@ObjectType({ description: 'The user agreement (用户协议), rendered from its versioned data.' })
export class UserAgreement {
  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: 'SHA-256 of the canonical agreement content.' })
  hash!: string;

  @Field(() => String)
  title!: string;

  @Field(() => [LegalDocumentSection])
  sections!: LegalDocumentSection[];
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
