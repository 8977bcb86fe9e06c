import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DATA_REQUEST_KINDS, DATA_REQUEST_STATUSES, DEADLINE_FLAGS, type DataCategory, type DataRequestKind, type DataRequestStatus, type DeadlineFlag } from '@shebao/vocabulary';
import { DataCategoryScalar, DateTimeScalar } from '../../graphql/scalars.js';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const DataRequestKindEnum = asEnum(DATA_REQUEST_KINDS);
export const DataRequestStatusEnum = asEnum(DATA_REQUEST_STATUSES);
export const DeadlineFlagEnum = asEnum(DEADLINE_FLAGS);
registerEnumType(DataRequestKindEnum, { name: 'DataRequestKind', description: 'Export (a copy), transfer (machine-readable, to take elsewhere), correction, restriction, deletion of some data, closing the account.' });
registerEnumType(DataRequestStatusEnum, { name: 'DataRequestStatus' });
registerEnumType(DeadlineFlagEnum, { name: 'DeadlineFlag', description: 'ON_TIME, DUE_SOON (3 working days or fewer left) or OVERDUE.' });

@ObjectType({ description: 'A request the person made about their data, with its deadline in working days (PIPL Arts. 44–50).' })
export class DataRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => DataRequestKindEnum)
  kind!: DataRequestKind;

  @Field(() => DataRequestStatusEnum)
  status!: DataRequestStatus;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'The answer (why rejected, what was done).' })
  answer!: string | null;

  @Field(() => DateTimeScalar)
  receivedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the last working day (Beijing time) by which it is answered.' })
  dueAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: Date | null;

  @Field(() => DeadlineFlagEnum, { nullable: true, description: 'Null once answered.' })
  deadline!: DeadlineFlag | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Export and transfer: the copy is ready to download until then.' })
  downloadableUntil!: Date | null;

  @Field(() => Boolean, { description: 'A restriction in effect: partners are refused its categories and aggregates leave you out.' })
  restricting!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'A restriction you lifted: when.' })
  liftedAt!: Date | null;
}

@InputType()
export class DataRequestInput {
  @Field(() => DataRequestKindEnum, { description: 'Not CLOSURE: closing the account is `closeAccount`.' })
  kind!: DataRequestKind;

  @Field(() => [DataCategoryScalar], { nullable: true })
  categories?: DataCategory[] | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@ObjectType({ description: 'A prepared copy of your data, as a file.' })
export class DataExportFile {
  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  mediaType!: string;

  @Field(() => String, { description: 'shebao-export/1 or shebao-transfer/1 (docs/data-transfer-format.md).' })
  format!: string;

  @Field(() => String, { description: 'The file itself (JSON).' })
  content!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;
}

@ObjectType({ description: 'What you let support see, and until when.' })
export class SupportRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType()
export class OpenedSupportRequest {
  @Field(() => SupportRequest)
  request!: SupportRequest;

  @Field(() => String, { description: 'Tell support this reference; it is shown only now.' })
  reference!: string;
}

@InputType()
export class SupportRequestInput {
  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => Int, { description: 'How long support may look (1–72 hours).' })
  hours!: number;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

/** What PIPL Art. 57 says a breach notice contains: shared by the person's notice and the operators' incident. */
@ObjectType()
export abstract class BreachContents {
  @Field(() => ID)
  id!: string;

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
}

@ObjectType({ description: 'A notice about a security incident that affected your data (PIPL Art. 57).' })
export class BreachNotice extends BreachContents {
  @Field(() => DateTimeScalar)
  notifiedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  readAt!: Date | null;
}

@ObjectType({ description: 'Your data given to an authority, with the legal basis (shown once any legal deferral has ended).' })
export class Disclosure {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  authority!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => DateTimeScalar)
  disclosedAt!: Date;
}
