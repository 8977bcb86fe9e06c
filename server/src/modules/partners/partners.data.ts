// The partner registry: who is registered, in which languages, for which categories.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import type { Executor } from '../../db/database.js';
import { partners } from '../../db/schema.js';
import type { Locale } from '../../graphql/enums.js';
import type { Partner } from './partners.types.js';

type PartnerRow = typeof partners.$inferSelect;

function toPartner(row: PartnerRow, locale: Locale): Partner {
  return {
    id: row.id,
    clientId: row.clientId,
    name: locale === 'EN' ? row.nameEn : row.name,
    description: locale === 'EN' ? row.descriptionEn : row.description,
    registeredCategories: row.registeredCategories as DataCategory[],
  };
}

export class PartnerDirectory {
  constructor(private readonly db: Executor) {}

  /** The public registry: active partners by name (not the development GraphiQL client). */
  async active(locale: Locale): Promise<Partner[]> {
    const rows = await this.db
      .select()
      .from(partners)
      .where(and(eq(partners.active, true), ne(partners.clientAuthMethod, 'none')))
      .orderBy(asc(partners.name));
    return rows.map((row) => toPartner(row, locale));
  }

  /** Any partner, active or not (an access record outlives a partner's registration). */
  async byIds(ids: readonly string[], locale: Locale): Promise<Map<string, Partner>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(partners).where(inArray(partners.id, [...ids]));
    return new Map(rows.map((row) => [row.id, toPartner(row, locale)]));
  }

  async activePartner(id: string): Promise<PartnerRow | null> {
    const [row] = await this.db.select().from(partners).where(and(eq(partners.id, id), eq(partners.active, true)));
    return row ?? null;
  }

  async activeByClientId(clientId: string): Promise<PartnerRow | null> {
    const [row] = await this.db.select().from(partners).where(and(eq(partners.clientId, clientId), eq(partners.active, true)));
    return row ?? null;
  }

  /** Registered (zh-CN) names, for consent records. */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
