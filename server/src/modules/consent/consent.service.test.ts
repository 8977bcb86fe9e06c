// Withdrawal dispatches over the modules' declared withdrawals, inside its transaction. Runs on
// PGlite, or on a throwaway PostgreSQL database when DATABASE_URL is set.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataCategory } from '@shebao/vocabulary';
import { hashNotice, NoticeRegistry } from '../../authz/notice-registry.js';
import type { Database, DatabaseHandle, Executor } from '../../db/database.js';
import { accounts, consentEvents, noticeVersions } from '../../db/schema.js';
import type { Withdrawal } from '../../graphql/module.js';
import { openEmptyDatabase } from '../../../test/support/databases.js';
import { ConsentService } from './consent.service.js';
import { NOTICE_V1 } from './notice.content.js';

let handle: DatabaseHandle;
let drop: () => Promise<void>;
let db: Database;
let notices: NoticeRegistry;

beforeAll(async () => {
  ({ database: handle, drop } = await openEmptyDatabase());
  db = handle.db;
  await db.insert(noticeVersions).values({ version: 1, content: NOTICE_V1, contentHash: hashNotice(NOTICE_V1) });
  notices = new NoticeRegistry(db);
  await notices.reload();
}, 120_000);
afterAll(() => drop?.());

let phones = 0;
async function newAccount(): Promise<string> {
  phones += 1;
  const [row] = await db.insert(accounts).values({ phoneHash: `h-${phones}`, phoneEncrypted: 'e', passwordHash: 'p' }).returning({ id: accounts.id });
  return row!.id;
}

function serviceWith(withdrawals: Withdrawal[]): ConsentService {
  const unused = () => {
    throw new Error('not needed here');
  };
  return new ConsentService({
    db,
    notices,
    signing: { signer: () => ({ kid: 'k', key: undefined as never }) },
    partners: { activePartner: unused, names: unused },
    cards: { isLinked: unused },
    declarations: { withdrawals: () => withdrawals },
  });
}

const state = async (accountId: string) => {
  const [account] = await db.select({ version: accounts.consentVersion }).from(accounts).where(eq(accounts.id, accountId));
  const events = await db.select().from(consentEvents).where(eq(consentEvents.accountId, accountId));
  return { version: account!.version, events: events.length };
};

describe('consent withdrawal', () => {
  it("calls the withdrawal of every module that collected for the purpose, with the withdrawn categories (all when none is named)", async () => {
    const calls: Array<{ module: string; categories: readonly DataCategory[]; inTransaction: boolean }> = [];
    const recorder = (module: string, purpose: Withdrawal['purpose']): Withdrawal => ({
      purpose,
      erase: async (tx: Executor, _accountId, categories) => {
        calls.push({ module, categories, inTransaction: tx !== db });
      },
    });
    const consent = serviceWith([recorder('devices', 'SERVICE'), recorder('elsewhere', 'RESEARCH')]);
    const accountId = await newAccount();

    await consent.withdraw(accountId, { purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['location'] });
    expect(calls).toEqual([{ module: 'devices', categories: ['location'], inTransaction: true }]);

    await consent.withdraw(accountId, { purpose: 'SERVICE', recipient: { type: 'SERVICE' } });
    expect(calls[1]!.categories).toContain('device.info');
    expect(calls[1]!.categories).toHaveLength(12);

    // Each module answers for the purpose it collected for.
    await consent.withdraw(accountId, { purpose: 'RESEARCH', recipient: { type: 'SERVICE' }, categories: ['medical.records'] });
    expect(calls.slice(2)).toEqual([{ module: 'elsewhere', categories: ['medical.records'], inTransaction: true }]);

    // Only a withdrawal from the service itself deletes what the service collected.
    await consent.withdraw(accountId, { purpose: 'SERVICE', recipient: { type: 'PLATFORM' }, categories: ['location'] });
    expect(calls).toHaveLength(3);
    expect(await state(accountId)).toEqual({ version: 4, events: 4 });
  });

  it('rolls back the ledger event and the version bump when a deletion fails', async () => {
    const failing: Withdrawal = {
      purpose: 'SERVICE',
      erase: async () => {
        throw new Error('disk full');
      },
    };
    const accountId = await newAccount();
    await expect(serviceWith([failing]).withdraw(accountId, { purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['location'] })).rejects.toThrow('disk full');
    expect(await state(accountId)).toEqual({ version: 0, events: 0 });
  });
});
