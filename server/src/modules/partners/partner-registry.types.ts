// The partner registry as the partner manager sees it in the operator console (operator schema only).
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { DataCategoryScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars.js';

@ObjectType('LocalizedText')
export class LocalizedText {
  @Field(() => String)
  zh!: string;

  @Field(() => String)
  en!: string;
}

@InputType('LocalizedTextInput')
export class LocalizedTextInput {
  @Field(() => String)
  zh!: string;

  @Field(() => String)
  en!: string;
}

@ObjectType({ description: 'A partner registration, active or suspended.' })
export class RegistryPartner {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  clientId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  nameEn!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  descriptionEn!: string;

  @Field(() => String, { nullable: true })
  contact!: string | null;

  @Field(() => [LocalizedText])
  purposes!: LocalizedText[];

  @Field(() => [DataCategoryScalar])
  registeredCategories!: DataCategory[];

  @Field(() => [String])
  redirectUris!: string[];

  @Field(() => String, { description: '`private_key_jwt`, `client_secret_basic` (sandbox) or `none` (the development GraphiQL client).' })
  clientAuthMethod!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Its public keys (a JWKS) for `private_key_jwt`.' })
  jwks!: unknown;

  @Field(() => Boolean)
  sandbox!: boolean;

  @Field(() => Boolean)
  dpopRequired!: boolean;

  @Field(() => Int)
  maxGrantDays!: number;

  @Field(() => Boolean, { description: 'False while suspended: every token refused, every grant ended.' })
  active!: boolean;

  @Field(() => Int, { description: 'OAuth grants currently held (people who shared with it).' })
  activeGrants!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@InputType({ description: 'What a partner manager registers or edits; checked like `pnpm partner:add`.' })
export class PartnerRegistrationInput {
  @Field(() => String, { nullable: true, description: 'Generated when absent; cannot change later.' })
  clientId?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  nameEn!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  descriptionEn!: string;

  @Field(() => String, { description: 'E-mail or https URL where people reach the partner about their data.' })
  contact!: string;

  @Field(() => [LocalizedTextInput])
  purposes!: LocalizedTextInput[];

  @Field(() => [DataCategoryScalar])
  registeredCategories!: DataCategory[];

  @Field(() => [String])
  redirectUris!: string[];

  @Field(() => JSONScalar, { nullable: true, description: 'Public JWKS for private_key_jwt. Absent: a sandbox partner with a generated secret.' })
  jwks?: unknown;

  @Field(() => Boolean, { defaultValue: false })
  sandbox!: boolean;

  @Field(() => Boolean, { defaultValue: false })
  dpopRequired!: boolean;

  @Field(() => Int, { defaultValue: 365 })
  maxGrantDays!: number;
}

@ObjectType()
export class PartnerRegistered {
  @Field(() => RegistryPartner)
  partner!: RegistryPartner;

  @Field(() => String, { nullable: true, description: 'A generated sandbox secret: shown this once, stored only as an argon2id hash.' })
  clientSecret!: string | null;
}

@ObjectType()
export class PartnerSuspended {
  @Field(() => RegistryPartner)
  partner!: RegistryPartner;

  @Field(() => Int, { description: 'Grants (with their tokens and codes) that ended.' })
  endedGrants!: number;
}
