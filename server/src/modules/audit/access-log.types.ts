import { Field, ID, ObjectType } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { PageInfo } from '../../graphql/node.js';
import { DataCategoryScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { Partner } from '../partners/index.js';

@ObjectType({ description: 'Someone other than the person read their data.' })
class AccessRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'PARTNER, RESEARCHER, PLATFORM, OPERATOR or AUTHORITY.' })
  principalType!: string;

  @Field(() => Partner, { nullable: true })
  partner!: Partner | null;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => String)
  purpose!: string;

  @Field(() => String, { nullable: true, description: 'The GraphQL operation; for a disclosure to an authority, the legal basis.' })
  operationName!: string | null;

  @Field(() => String, { nullable: true, description: 'AUTHORITY: the authority the data was disclosed to.' })
  authority!: string | null;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@ObjectType()
export class AccessRecordConnection {
  @Field(() => [AccessRecord])
  nodes!: AccessRecord[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
