import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import { Structural } from '../authz/field-tags.js';

@InterfaceType({ description: 'An object with a global id, readable through `node(id)` by the subject it belongs to.' })
export abstract class Node {
  @Field(() => ID)
  @Structural()
  id!: string;
}

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  @Structural()
  endCursor!: string | null;

  @Field(() => Boolean)
  @Structural()
  hasNextPage!: boolean;
}

export { decodeCursor, encodeCursor, fromGlobalId, toGlobalId } from './global-ids.js';
