import { Field, Float, InputType, Int, InterfaceType, ObjectType } from 'type-graphql';
import { Category, PersonalType, Structural } from '../../authz/field-tags.js';
import {
  BalanceAccountType,
  ContributionStatus,
  InsuranceType,
  MedicalRecordKind,
  ParticipationStatus,
} from '../../graphql/enums.js';
import { Node, PageInfo } from '../../graphql/node.js';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars.js';

@ObjectType({ description: 'Real name and basic identity, as the platform knows them.' })
@PersonalType()
export class Identity {
  @Field(() => String, { nullable: true })
  @Category('identity.basic')
  realName!: string;

  @Field(() => String, { nullable: true })
  @Category('identity.basic')
  gender!: string;

  @Field(() => String, { nullable: true })
  @Category('identity.basic')
  ethnicity!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @Category('identity.basic')
  birthday!: string;
}

@ObjectType({ description: 'Document numbers. Sensitive (PIPL Art. 28): stored encrypted, read with separate consent.' })
@PersonalType()
export class IdentityDocuments {
  @Field(() => String, { nullable: true })
  @Category('identity.document')
  idNumber!: string;

  @Field(() => String, { nullable: true })
  @Category('identity.document')
  cardNumber!: string;
}

@ObjectType({ description: 'Participation in one insurance type.' })
@PersonalType()
export class Participation {
  @Field(() => InsuranceType, { nullable: true })
  @Category('insurance.status')
  insuranceType!: InsuranceType;

  @Field(() => ParticipationStatus, { nullable: true })
  @Category('insurance.status')
  status!: ParticipationStatus;

  @Field(() => String, { nullable: true })
  @Category('insurance.status')
  employer!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Category('insurance.status')
  since!: string;

  @Field(() => Int, { nullable: true })
  @Category('insurance.status')
  contributionMonths!: number;
}

@ObjectType({ description: 'Where and how long the person is insured.' })
@PersonalType()
export class InsuranceStatus {
  @Field(() => String, { nullable: true })
  @Category('insurance.status')
  city!: string;

  @Field(() => String, { nullable: true })
  @Category('insurance.status')
  employer!: string | null;

  @Field(() => Float, { nullable: true, description: 'Years of pension contributions.' })
  @Category('insurance.status')
  contributionYears!: number;

  @Field(() => [Participation], { nullable: true })
  @Category('insurance.status')
  participations!: Participation[];
}

@ObjectType({ implements: Node, description: 'One month of contributions to one insurance type.' })
@PersonalType()
export class Contribution extends Node {
  @Field(() => String, { nullable: true, description: '"YYYY-MM"' })
  @Category('insurance.contributions')
  month!: string;

  @Field(() => InsuranceType, { nullable: true })
  @Category('insurance.contributions')
  insuranceType!: InsuranceType;

  @Field(() => Float, { nullable: true, description: 'Contribution base, yuan.' })
  @Category('insurance.contributions')
  base!: number;

  @Field(() => Float, { nullable: true, description: "Employer's part, yuan." })
  @Category('insurance.contributions')
  employerPart!: number;

  @Field(() => Float, { nullable: true, description: "Person's part, yuan." })
  @Category('insurance.contributions')
  personalPart!: number;

  @Field(() => ContributionStatus, { nullable: true })
  @Category('insurance.contributions')
  status!: ContributionStatus;

  @Field(() => String, { nullable: true })
  @Category('insurance.contributions')
  employer!: string | null;
}

@ObjectType({ description: 'A personal account balance.' })
@PersonalType()
export class Balance {
  @Field(() => BalanceAccountType, { nullable: true })
  @Category('insurance.balance')
  accountType!: BalanceAccountType;

  @Field(() => Float, { nullable: true, description: 'Yuan.' })
  @Category('insurance.balance')
  amount!: number;

  @Field(() => LocalDateScalar, { nullable: true })
  @Category('insurance.balance')
  asOf!: string;
}

@InterfaceType({
  implements: Node,
  description: 'A use of medical insurance: what it cost and who paid.',
  resolveType: (value: { kind: MedicalRecordKind }) => MEDICAL_RECORD_TYPE_NAMES[value.kind],
})
@PersonalType()
export abstract class MedicalRecord extends Node {
  @Field(() => MedicalRecordKind, { nullable: true })
  @Category('medical.records')
  kind!: MedicalRecordKind;

  @Field(() => LocalDateScalar, { nullable: true })
  @Category('medical.records')
  date!: string;

  @Field(() => String, { nullable: true })
  @Category('medical.records')
  institution!: string;

  @Field(() => String, { nullable: true })
  @Category('medical.records')
  department!: string | null;

  @Field(() => String, { nullable: true })
  @Category('medical.records')
  city!: string;

  @Field(() => Float, { nullable: true })
  @Category('medical.records')
  totalCost!: number;

  @Field(() => Float, { nullable: true, description: 'Paid by the pooled fund.' })
  @Category('medical.records')
  fundPaid!: number;

  @Field(() => Float, { nullable: true, description: 'Paid from the personal medical account.' })
  @Category('medical.records')
  personalAccountPaid!: number;

  @Field(() => Float, { nullable: true })
  @Category('medical.records')
  outOfPocket!: number;
}

@ObjectType({ implements: [Node, MedicalRecord] })
@PersonalType()
export class OutpatientVisit extends MedicalRecord {}

@ObjectType({ implements: [Node, MedicalRecord] })
@PersonalType()
export class InpatientStay extends MedicalRecord {
  @Field(() => LocalDateScalar, { nullable: true })
  @Category('medical.records')
  dischargeDate!: string | null;

  @Field(() => Int, { nullable: true })
  @Category('medical.records')
  days!: number | null;
}

@ObjectType({ implements: [Node, MedicalRecord] })
@PersonalType()
export class PharmacyPurchase extends MedicalRecord {
  @Field(() => Int, { nullable: true })
  @Category('medical.records')
  itemCount!: number | null;
}

const MEDICAL_RECORD_TYPE_NAMES = {
  OUTPATIENT: 'OutpatientVisit',
  INPATIENT: 'InpatientStay',
  PHARMACY: 'PharmacyPurchase',
} as const satisfies Record<MedicalRecordKind, string>;

@ObjectType()
@PersonalType()
export class MedicalRecordConnection {
  /** A container: the category is enforced on `Person.medicalRecords` and on every field of each record. */
  @Field(() => [MedicalRecord])
  @Structural()
  nodes!: MedicalRecord[];

  @Field(() => PageInfo)
  @Structural()
  pageInfo!: PageInfo;

  @Field(() => Int, { nullable: true })
  @Category('medical.records')
  totalCount!: number;
}

@InputType()
export class MedicalRecordFilter {
  @Field(() => MedicalRecordKind, { nullable: true })
  kind?: MedicalRecordKind;

  @Field(() => LocalDateScalar, { nullable: true })
  from?: string;

  @Field(() => LocalDateScalar, { nullable: true })
  to?: string;
}

@ObjectType({ description: 'Medical spending in one month, by who paid.' })
@PersonalType()
export class MedicalSpendingMonth {
  @Field(() => String, { nullable: true, description: '"YYYY-MM"' })
  @Category('medical.records')
  month!: string;

  @Field(() => Float, { nullable: true })
  @Category('medical.records')
  totalCost!: number;

  @Field(() => Float, { nullable: true })
  @Category('medical.records')
  fundPaid!: number;

  @Field(() => Float, { nullable: true })
  @Category('medical.records')
  personalAccountPaid!: number;

  @Field(() => Float, { nullable: true })
  @Category('medical.records')
  outOfPocket!: number;
}


@ObjectType({ description: 'The linked social insurance card as its holder sees it.' })
export class LinkedCard {
  @Field(() => String, { description: 'The card number, masked on the server ("SH*****67").' })
  maskedNumber!: string;

  @Field(() => DateTimeScalar, { description: 'When this card was linked.' })
  linkedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When its data was last fetched from the platform.' })
  refreshedAt!: Date;
}
