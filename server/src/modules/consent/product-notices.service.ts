// Product notices go to the outbox only for people who currently grant PRODUCT_NOTICES.
// One INSERT … SELECT over the ledger: nobody is messaged on the strength of continued use.
import { sql } from 'drizzle-orm';
import { consentingAccounts } from '../../authz/consenting-accounts.js';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import { rowsOf, type Database } from '../../db/database.js';
import { accounts, outbox } from '../../db/schema.js';

export class ProductNoticeService {
  constructor(
    private readonly db: Database,
    private readonly notices: NoticeRegistry,
  ) {}

  /** Queues one message per consenting person; returns how many were queued. */
  async broadcast(template: string, payload: Record<string, unknown>, now = new Date()): Promise<number> {
    const consenting = consentingAccounts(this.notices, { purpose: 'PRODUCT_NOTICES', recipientType: 'SERVICE' }, ['account.contact'], now);
    const inserted = await this.db.execute(sql`
      insert into ${outbox} (channel, recipient_hash, account_id, template, payload)
      select 'sms', ${accounts.phoneHash}, ${accounts.id}, ${template}, ${JSON.stringify(payload)}::jsonb
      from ${accounts} where ${accounts.id} in (${consenting})
      returning id`);
    const rows = rowsOf(inserted);
    return rows.length;
  }
}
