// The demo person's consents, granted through the ledger like anyone's: one grant per sensitive
// category, so the demo shows the same separate-consent rules the product enforces.
import { sql } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import { rowsOf, type Executor } from '../db/database.js';
import type { ConsentService, GrantConsentInput } from '../modules/consent/index.js';
import { DEMO_INSURER_CLIENT_ID } from './demo.js';

/**
 * All of the demo person's grants in one transaction, and only if they have none yet: a first
 * start killed before this ran resumes here on the next start (seedDemo returns the person again).
 */
export async function grantDemoConsents(db: Executor, consent: ConsentService, accountId: string, noticeVersion: number): Promise<void> {
  const [insurer] = rowsOf<{ id: string }>(await db.execute(sql`select id from partners where client_id = ${DEMO_INSURER_CLIENT_ID}`));
  const grant = (purpose: 'SERVICE' | 'LOCAL_CACHE' | 'PARTNER_SHARING', categories: DataCategory[], partnerId?: string): GrantConsentInput => ({
    noticeVersion,
    purpose,
    recipient: partnerId ? { type: 'PARTNER', partnerId } : { type: 'SERVICE' },
    categories,
  });
  const grants = [
    grant('SERVICE', ['device.info', 'device.logs', 'app.instance']),
    ...(['identity.document', 'insurance.contributions', 'insurance.balance', 'medical.records', 'location'] as const).map((sensitive) => grant('SERVICE', [sensitive])),
    grant('LOCAL_CACHE', ['account.contact', 'account.profile', 'identity.basic', 'insurance.status', 'device.info', 'app.instance']),
    ...(['insurance.contributions', 'insurance.balance', 'medical.records'] as const).map((sensitive) => grant('LOCAL_CACHE', [sensitive])),
    ...(insurer ? [grant('PARTNER_SHARING', ['identity.basic', 'insurance.status'], insurer.id), grant('PARTNER_SHARING', ['insurance.contributions'], insurer.id)] : []),
  ];
  await consent.grantAll(accountId, grants, { onlyFirst: true });
}
