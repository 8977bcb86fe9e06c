// Restrictions of processing (PIPL Art. 44): categories a person asked us to stop processing for
// anyone but themself. A restriction holds from the moment it is filed until the person lifts it
// or an operator rejects it with a reason; while it holds, partners are refused the categories
// (`RESTRICTED`) and aggregates and notices leave the person out.
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { isDataCategory, type DataCategory, type DataRequestStatus } from '@shebao/vocabulary';
import type { Executor } from '../db/database.js';
import { dataSubjectRequests } from '../db/schema.js';

/** The states in which a restriction restricts: filed, being handled, or confirmed. Not REJECTED. */
export const RESTRICTING_STATUSES: readonly DataRequestStatus[] = ['RECEIVED', 'IN_PROGRESS', 'COMPLETED'];

/** Whether a request row is a restriction that restricts now (the one rule; SQL below says the same). */
export function isRestricting(row: { kind: string; status: DataRequestStatus; liftedAt: Date | null }): boolean {
  return row.kind === 'RESTRICTION' && row.liftedAt === null && RESTRICTING_STATUSES.includes(row.status);
}

const restricting = and(eq(dataSubjectRequests.kind, 'RESTRICTION'), inArray(dataSubjectRequests.status, [...RESTRICTING_STATUSES]), isNull(dataSubjectRequests.liftedAt));

export async function restrictedCategories(db: Executor, accountId: string): Promise<Set<DataCategory>> {
  const rows = await db
    .select({ details: dataSubjectRequests.details })
    .from(dataSubjectRequests)
    .where(and(eq(dataSubjectRequests.accountId, accountId), restricting));
  return new Set(rows.flatMap((row) => (row.details.categories ?? []).filter(isDataCategory)));
}

/** The accounts that restricted any of `categories`, as a subquery with one column, `account_id`. */
export function restrictingAccounts(categories: readonly DataCategory[]): SQL {
  const named = sql.join(
    categories.map((category) => sql`${category}`),
    sql`, `,
  );
  return sql`select ${dataSubjectRequests.accountId} as account_id from ${dataSubjectRequests}
    where ${restricting} and ${dataSubjectRequests.details} -> 'categories' ?| array[${named}]::text[]`;
}
