import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { ConsentEventKind, Locale, Purpose, RecipientType } from '../../graphql/enums.js';
import { DataCategoryScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars.js';

@ObjectType()
export class DataCategoryInfo {
  @Field(() => DataCategoryScalar)
  id!: DataCategory;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'Sensitive personal information (PIPL Art. 28): needs separate consent.' })
  sensitive!: boolean;
}

@ObjectType()
export class NoticePurpose {
  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [DataCategoryInfo])
  categories!: DataCategoryInfo[];

  @Field(() => [DataCategoryScalar], { description: 'Processed because the service cannot work without them; the rest need consent.' })
  necessaryCategories!: DataCategory[];

  @Field(() => [String])
  recipients!: string[];

  @Field(() => Int, { nullable: true, description: 'Days kept after the purpose ends; null: as long as the law requires.' })
  retentionDays!: number | null;

  @Field(() => Boolean, { description: 'True when every category of the purpose is necessary for the service.' })
  necessary!: boolean;

  @Field(() => Boolean)
  separateConsent!: boolean;
}

@ObjectType({ description: 'The privacy notice, rendered from the same data the authorization layer enforces.' })
export class PrivacyNotice {
  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: 'SHA-256 of the canonical notice content.' })
  hash!: string;

  @Field(() => DateTimeScalar)
  publishedAt!: Date;

  @Field(() => Locale)
  locale!: Locale;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  text!: string;

  @Field(() => [NoticePurpose])
  purposes!: NoticePurpose[];
}

@ObjectType()
export class NoticeChange {
  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => String, { description: 'ADDED, REMOVED or CHANGED' })
  change!: 'ADDED' | 'REMOVED' | 'CHANGED';

  @Field(() => String)
  summary!: string;
}

@ObjectType()
export class Recipient {
  @Field(() => RecipientType)
  type!: RecipientType;

  @Field(() => ID, { nullable: true })
  partnerId!: string | null;

  @Field(() => String)
  name!: string;
}

@ObjectType({ description: 'A signed consent receipt (after the Kantara Consent Receipt), verifiable against /.well-known/jwks.json.' })
export class ConsentReceipt {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'JWS compact serialisation, ES256.' })
  jws!: string;

  @Field(() => JSONScalar)
  payload!: Record<string, unknown>;

  @Field(() => Int)
  consentVersion!: number;
}

@ObjectType()
export class ConsentGrant {
  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => Recipient)
  recipient!: Recipient;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => Int)
  noticeVersion!: number;

  @Field(() => DateTimeScalar)
  grantedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Boolean, { description: 'False when expired or when a later notice changed the purpose: renew to make it count.' })
  current!: boolean;

  @Field(() => ConsentReceipt, { nullable: true })
  receipt!: ConsentReceipt | null;
}

@ObjectType()
export class ConsentEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => ConsentEventKind)
  kind!: ConsentEventKind;

  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => Recipient)
  recipient!: Recipient;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => Int)
  noticeVersion!: number;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@ObjectType({ description: "The person's consent, derived from the append-only ledger." })
export class ConsentState {
  /** Internal: the subject. */
  accountId!: string;

  @Field(() => Int, { description: 'Grows with every consent change.' })
  version!: number;

  @Field(() => Int, { description: 'The current notice version.' })
  noticeVersion!: number;

  @Field(() => [DataCategoryScalar], {
    description: 'Processed for the service without a grant, because the service cannot work without them (current notice).',
  })
  necessaryCategories!: DataCategory[];

  @Field(() => [ConsentGrant])
  grants!: ConsentGrant[];

  @Field(() => [Purpose], { description: 'Purposes a newer notice changed: their grants count again only after the person agrees again.' })
  renewalNeeded!: Purpose[];
}

@InputType()
export class RecipientInput {
  @Field(() => RecipientType)
  type!: RecipientType;

  @Field(() => ID, { nullable: true })
  partnerId?: string;
}

@InputType()
export class GrantConsentInput {
  @Field(() => Int, { description: 'The notice version the person was shown; must be the current one.' })
  noticeVersion!: number;

  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => RecipientInput)
  recipient!: RecipientInput;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt?: Date;
}

@InputType()
export class WithdrawConsentInput {
  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => RecipientInput)
  recipient!: RecipientInput;

  @Field(() => [DataCategoryScalar], { nullable: true, description: 'Omit to withdraw every category of the purpose for this recipient.' })
  categories?: DataCategory[];
}
