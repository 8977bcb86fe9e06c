// Aggregate types for researchers. Not personal types: every value is a count or a sum over at
// least k consenting people, and smaller groups arrive here already hidden (k-anonymity.ts).
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CONTRIBUTION_MEASURES, MEDICAL_MEASURES, type ContributionMeasure, type MedicalMeasure } from './research.data.js';

const enumOf = <const T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

export const ContributionMeasureEnum = enumOf(CONTRIBUTION_MEASURES);
export const MedicalMeasureEnum = enumOf(MEDICAL_MEASURES);
export type { ContributionMeasure, MedicalMeasure };

registerEnumType(ContributionMeasureEnum, {
  name: 'ContributionMeasure',
  description: 'What `sum` and `mean` add up in a contributions table (yuan).',
  valuesConfig: {
    MONTHLY_BASE: { description: "Each person's mean monthly contribution base over the paid months of the period." },
    TOTAL_CONTRIBUTION: { description: "Employer's and person's parts paid in the period." },
    PERSONAL_PART: { description: "The person's part paid in the period." },
    EMPLOYER_PART: { description: "The employer's part paid in the period." },
  },
});

registerEnumType(MedicalMeasureEnum, {
  name: 'MedicalMeasure',
  description: 'What `sum` and `mean` add up in a medical spending table (yuan).',
  valuesConfig: {
    TOTAL_COST: { description: 'What the visits and purchases cost.' },
    FUND_PAID: { description: 'Paid by the pooled fund.' },
    PERSONAL_ACCOUNT_PAID: { description: 'Paid from personal medical accounts.' },
    OUT_OF_POCKET: { description: 'Paid by the people themselves.' },
  },
});

@ObjectType({ description: 'One group of a table. Hidden (all numbers null) when it, or a value it would reveal, counts fewer than k people.' })
export class AggregateCell {
  @Field(() => String)
  row!: string;

  @Field(() => String)
  column!: string;

  @Field(() => Int, { nullable: true, description: 'Consenting people in the group, each counted once.' })
  people!: number | null;

  @Field(() => Float, { nullable: true, description: 'The measure summed over the group, yuan.' })
  sum!: number | null;

  @Field(() => Float, { nullable: true, description: '`sum / people`; null for an empty group.' })
  mean!: number | null;

  @Field(() => Boolean, { description: 'True when the group is hidden: too small, or hidden so that a small one cannot be derived from totals.' })
  suppressed!: boolean;
}

@ObjectType({ description: 'A row, column or grand total. People in several cells of a line are counted once in its total.' })
export class AggregateTotal {
  @Field(() => String, { nullable: true, description: 'The row or column; null for the grand total.' })
  key!: string | null;

  @Field(() => Int, { nullable: true })
  people!: number | null;

  @Field(() => Float, { nullable: true })
  sum!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'A two-way table over the people who currently consent to research for every category it uses. Groups of fewer than `k` people are hidden, and so are as many other groups or totals as it takes that no hidden value follows from the published ones. Cities with fewer than `k` people are merged into the row "OTHER".',
})
export class AggregateTable {
  @Field(() => Int, { description: 'The smallest group shown.' })
  k!: number;

  @Field(() => String, { description: 'What `sum` and `mean` measure.' })
  measure!: string;

  @Field(() => [String])
  rows!: string[];

  @Field(() => [String])
  columns!: string[];

  @Field(() => [AggregateCell], { description: 'Every row × column pair, row by row.' })
  cells!: AggregateCell[];

  @Field(() => [AggregateTotal])
  rowTotals!: AggregateTotal[];

  @Field(() => [AggregateTotal])
  columnTotals!: AggregateTotal[];

  @Field(() => AggregateTotal)
  grandTotal!: AggregateTotal;
}

@ObjectType({ description: 'Aggregate statistics for approved researchers. No field here reads a personal record.' })
export class ResearchStatistics {
  @Field(() => Int, { description: 'Groups smaller than this are never shown.' })
  k!: number;

  @Field(() => Int, { nullable: true, description: 'The current privacy notice; grants count when its research purpose reads the same as when they were given.' })
  noticeVersion!: number | null;
}
