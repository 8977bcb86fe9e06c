// Tags that sit next to each field definition. The authorization layer reads them from the built
// schema; a schema test fails when a field of a personal type carries none (deny by default).
import { Extensions } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';

export type FieldAccess =
  /** Personal data of one category: readable when the request's decision allows the category. */
  | { category: DataCategory }
  /** Only the person themself (consent records, the access log). */
  | { ownerOnly: true }
  /** Carries no personal data (an opaque id, paging info). */
  | { structural: true };

const ACCESS_EXTENSION = 'access';
export const PERSONAL_TYPE_EXTENSION = 'personalType';

/** The field carries personal data of exactly this category. */
export const Category = (category: DataCategory) => Extensions({ [ACCESS_EXTENSION]: { category } });
export const OwnerOnly = () => Extensions({ [ACCESS_EXTENSION]: { ownerOnly: true } });
export const Structural = () => Extensions({ [ACCESS_EXTENSION]: { structural: true } });
/** Marks an object type or interface whose every field must carry a tag. */
export const PersonalType = () => Extensions({ [PERSONAL_TYPE_EXTENSION]: true });

export function fieldAccessOf(extensions: Readonly<Record<string, unknown>> | null | undefined): FieldAccess | undefined {
  return extensions?.[ACCESS_EXTENSION] as FieldAccess | undefined;
}
