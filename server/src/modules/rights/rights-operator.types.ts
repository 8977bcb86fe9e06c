import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { DataCategoryScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars.js';
import { BreachContents, DataRequest } from './rights.types.js';

@ObjectType({ description: 'A request in the queue: what the person asked, under their account reference (no personal data).' })
export class QueuedRequest extends DataRequest {
  @Field(() => String, { description: 'The account id the request is about (pseudonymous).' })
  accountRef!: string;

  @Field(() => Int, { nullable: true, description: 'Working days left before the deadline (0 on its last day); null once answered.' })
  workingDaysLeft!: number | null;
}

@ObjectType({ description: 'What support may see under a person’s support request: the granted categories only, sensitive values masked.' })
export class SupportView {
  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => JSONScalar, { description: 'By category; masked where sensitive.' })
  data!: unknown;
}

@InputType()
export class DisclosureInput {
  @Field(() => ID, { description: 'The account reference of the person concerned.' })
  accountRef!: string;

  @Field(() => String)
  authority!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => DateTimeScalar)
  disclosedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The legal basis for not telling the person yet.' })
  deferralBasis?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the person is told, at the latest.' })
  deferredUntil?: Date | null;
}

@ObjectType()
export class RecordedDisclosure {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  accountRef!: string;

  @Field(() => String)
  authority!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => DateTimeScalar)
  disclosedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  deferredUntil!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it entered the person’s access log.' })
  releasedAt!: Date | null;
}

@InputType()
export class BreachNoticeInput {
  @Field(() => String)
  summary!: string;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => String)
  cause!: string;

  @Field(() => String)
  possibleHarm!: string;

  @Field(() => String)
  remedies!: string;

  @Field(() => String)
  whatYouCanDo!: string;

  @Field(() => String)
  contact!: string;

  @Field(() => DateTimeScalar)
  discoveredAt!: Date;

  @Field(() => DateTimeScalar)
  windowFrom!: Date;

  @Field(() => DateTimeScalar)
  windowTo!: Date;
}

@ObjectType()
export class Incident extends BreachContents {
  @Field(() => DateTimeScalar, { nullable: true })
  windowFrom!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  windowTo!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last affected person was notified.' })
  notifiedAt!: Date | null;
}
