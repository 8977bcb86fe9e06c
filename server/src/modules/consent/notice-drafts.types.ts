// The privacy officer's notice drafts and their differences from the current notice (operator schema only).
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { DataCategory, Purpose as PurposeName } from '@shebao/vocabulary';
import { Purpose } from '../../graphql/enums.js';
import { DataCategoryScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars.js';

@ObjectType({ description: 'How one purpose differs between the current notice and a draft.' })
export class NoticePurposeDiff {
  @Field(() => Purpose)
  purpose!: PurposeName;

  @Field(() => String, { description: 'ADDED, REMOVED, CHANGED or UNCHANGED.' })
  change!: 'ADDED' | 'REMOVED' | 'CHANGED' | 'UNCHANGED';

  @Field(() => [DataCategoryScalar])
  addedCategories!: DataCategory[];

  @Field(() => [DataCategoryScalar])
  removedCategories!: DataCategory[];

  @Field(() => [DataCategoryScalar], { description: 'Categories that became necessary (processed without consent).' })
  addedNecessary!: DataCategory[];

  @Field(() => [DataCategoryScalar])
  removedNecessary!: DataCategory[];

  @Field(() => Int, { nullable: true })
  retentionDaysBefore!: number | null;

  @Field(() => Int, { nullable: true })
  retentionDaysAfter!: number | null;

  @Field(() => Boolean)
  recipientsChanged!: boolean;

  @Field(() => Boolean)
  wordingChanged!: boolean;

  @Field(() => Boolean)
  separateConsentChanged!: boolean;

  @Field(() => Boolean, { description: 'Publishing makes grants for this purpose stop counting until the person agrees again.' })
  needsReconsent!: boolean;
}

@ObjectType()
export class NoticeDiff {
  @Field(() => Int)
  fromVersion!: number;

  @Field(() => [NoticePurposeDiff])
  purposes!: NoticePurposeDiff[];

  @Field(() => Int, { description: 'People holding grants for a purpose that needs re-consent: they will be asked again.' })
  affectedPeople!: number;
}

@ObjectType({ description: 'A notice version in preparation, as data.' })
export class NoticeDraft {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version it was drafted from; it publishes only while that is current.' })
  baseVersion!: number;

  @Field(() => JSONScalar, { description: 'The notice content: controller, contact, purposes (categories, necessity, recipients, retention, separate consent).' })
  content!: unknown;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType()
export class PublishedNoticeVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => String)
  contentHash!: string;

  @Field(() => DateTimeScalar)
  publishedAt!: Date;

  @Field(() => JSONScalar)
  content!: unknown;
}

@ObjectType()
export class NoticePublished {
  @Field(() => Int)
  version!: number;

  @Field(() => [Purpose], { description: 'Purposes whose grants now need the person’s agreement again.' })
  reconsentPurposes!: PurposeName[];

  @Field(() => Int, { description: 'People who will be asked again in the app.' })
  affectedPeople!: number;
}
