// The demo person's consents, granted through the ledger like anyone's: one grant per sensitive
// category, so the demo shows the same separate-consent rules the product enforces.
import { sql } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import { rowsOf, type Executor } from '../db/database.js';
import type { ConsentService } from '../modules/consent/index.js';
import { DEMO_INSURER_CLIENT_ID } from './demo.js';

export async function grantDemoConsents(db: Executor, consent: ConsentService, accountId: string, noticeVersion: number): Promise<void> {
  const [insurer] = rowsOf<{ id: string }>(await db.execute(sql`select id from partners where client_id = ${DEMO_INSURER_CLIENT_ID}`));
  const grant = (purpose: 'SERVICE' | 'LOCAL_CACHE' | 'PARTNER_SHARING', categories: DataCategory[], partnerId?: string) =>
    consent.grant(accountId, {
      noticeVersion,
      purpose,
      recipient: partnerId ? { type: 'PARTNER', partnerId } : { type: 'SERVICE' },
      categories,
    });
  await grant('SERVICE', ['device.info', 'device.logs', 'app.instance']);
  for (const sensitive of ['identity.document', 'insurance.contributions', 'insurance.balance', 'medical.records', 'location'] as const) {
    await grant('SERVICE', [sensitive]);
  }
  await grant('LOCAL_CACHE', ['account.contact', 'account.profile', 'identity.basic', 'insurance.status', 'device.info', 'app.instance']);
  for (const sensitive of ['insurance.contributions', 'insurance.balance', 'medical.records'] as const) {
    await grant('LOCAL_CACHE', [sensitive]);
  }
  if (insurer) {
    await grant('PARTNER_SHARING', ['identity.basic', 'insurance.status'], insurer.id);
    await grant('PARTNER_SHARING', ['insurance.contributions'], insurer.id);
  }
}
