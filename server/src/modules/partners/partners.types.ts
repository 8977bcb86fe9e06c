import { Field, ID, ObjectType } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { DataCategoryScalar } from '../../graphql/scalars.js';

@ObjectType({ description: 'A registered partner app and what it is registered to receive.' })
export class Partner {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  clientId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [DataCategoryScalar])
  registeredCategories!: DataCategory[];
}
