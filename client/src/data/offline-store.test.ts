import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineStore, type PutInput } from './offline-store';

const DAY = 24 * 60 * 60 * 1000;
let counter = 0;
const opened: OfflineStore[] = [];

function makeStore(clock = { t: Date.UTC(2026, 10, 1) }, name = `test-${++counter}`) {
  const store = new OfflineStore({ name, now: () => clock.t, silent: true });
  opened.push(store);
  return { store, clock, name };
}

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const balances: PutInput = {
  documentId: 'sha256:balances',
  variables: { a: 1 },
  operationName: 'DashboardBalances',
  categories: ['insurance.balance'],
  consentVersion: 3,
  payload: { data: { me: { balances: [{ accountType: 'MEDICAL_PERSONAL', amount: 1234.5 }] } } },
};

const status: PutInput = {
  documentId: 'sha256:status',
  categories: ['insurance.status'],
  consentVersion: 3,
  payload: { data: { me: { insurance: { employer: '示例科技有限公司' } } } },
};

async function allow(store: OfflineStore, allowed: string[], consentVersion = 3) {
  await store.applyConsent({ allowed, consentVersion });
}

describe('offline store', () => {
  it('stores a response and reads it back', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    expect(await store.put(balances)).toBe('stored');
    const read = await store.get(balances.documentId, { a: 1 });
    expect(read?.payload).toEqual(balances.payload);
    expect(read?.meta.categories).toEqual(['insurance.balance']);
    expect(read?.meta.consentVersion).toBe(3);
    expect(read?.meta.operationName).toBe('DashboardBalances');
    // Different variables are a different entry.
    expect(await store.get(balances.documentId, { a: 2 })).toBeNull();
  });

  it('after a sign-out, keeps neither an answer nor a consent state asked for before it', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    const before = await store.epoch();
    // Sign-out: everything goes. Then a consent state and an answer asked for earlier arrive.
    await store.purgeAll({ keepOutbox: true });
    const applied = await store.applyConsent({ allowed: ['insurance.balance', 'insurance.status'], consentVersion: 3, epoch: before });
    expect(applied.applied).toBe(false);
    expect((await store.getPolicy()).consentVersion).toBeNull();
    expect(await store.put({ ...balances, epoch: before })).toBe('not-allowed');
    // The same race with the policy brought back by someone else meanwhile: the answer still stays out.
    await allow(store, ['insurance.balance', 'insurance.status']);
    expect(await store.put({ ...balances, epoch: before })).toBe('not-allowed');
    expect(await store.countEntries()).toBe(0);
    // Asked for after the sign-out: kept as usual.
    const now = await store.epoch();
    expect(now).not.toBe(before);
    expect(await store.put({ ...status, epoch: now })).toBe('stored');
  });

  it('refuses an entry whose categories are not all allowed', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.status']);
    expect(await store.put(balances)).toBe('not-allowed');
    expect(await store.put({ ...status, categories: ['insurance.status', 'medical.records'] })).toBe('not-allowed');
    expect(await store.countEntries()).toBe(0);
  });

  it('caches nothing before a consent state is applied, and nothing after purge-all', async () => {
    const { store } = makeStore();
    expect(await store.put(status)).toBe('not-allowed');
    expect(await store.put({ ...status, categories: [] })).toBe('not-allowed');
    await allow(store, ['insurance.status']);
    // A response without personal categories (the notice, the consent state) may be kept.
    expect(await store.put({ ...status, categories: [] })).toBe('stored');
    await store.purgeAll();
    expect(await store.put({ ...status, categories: [] })).toBe('not-allowed');
    expect(await store.countEntries()).toBe(0);
  });

  it('encrypts: stored bytes do not contain the plaintext', async () => {
    const { store, name } = makeStore();
    await allow(store, ['insurance.status']);
    await store.put(status);
    const raw = await new Promise<unknown[]>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        const get = req.result.transaction('entries').objectStore('entries').getAll();
        get.onsuccess = () => {
          req.result.close();
          resolve(get.result);
        };
        get.onerror = () => reject(get.error);
      };
    });
    expect(raw).toHaveLength(1);
    const record = raw[0] as { ciphertext: ArrayBuffer; iv: Uint8Array };
    const bytes = new Uint8Array(record.ciphertext);
    const asText = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    expect(asText).not.toContain('示例科技');
    expect(asText).not.toContain('employer');
    expect(JSON.stringify(raw)).not.toContain('employer');
    expect(record.iv.byteLength).toBe(12);
  });

  it('keeps the key non-extractable', async () => {
    const { store, name } = makeStore();
    await allow(store, ['insurance.status']);
    await store.put(status);
    const key = await new Promise<CryptoKey>((resolve) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        const get = req.result.transaction('keys').objectStore('keys').getAll();
        get.onsuccess = () => {
          req.result.close();
          resolve((get.result[0] as { key: CryptoKey }).key);
        };
      };
    });
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('expires entries after the shortest retention of their categories', async () => {
    const { store, clock } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    await store.put(status); // default 7 days
    await store.put(balances); // sensitive: 2 days
    clock.t += 2 * DAY + 1;
    expect(await store.get(balances.documentId, balances.variables)).toBeNull();
    expect(await store.get(status.documentId)).not.toBeNull();
    clock.t += 5 * DAY;
    expect(await store.purgeExpired()).toBe(1);
    expect(await store.countEntries()).toBe(0);
  });

  it('applies a shorter retention period to entries already kept', async () => {
    const { store, clock } = makeStore();
    await allow(store, ['insurance.status']);
    await store.put(status);
    expect(await store.setRetentionDays('insurance.status', 1)).toBe(1);
    clock.t += DAY + 1;
    expect(await store.get(status.documentId)).toBeNull();
    // Sensitive categories cannot be kept longer than a week.
    expect(await store.setRetentionDays('medical.records', 30)).toBe(7);
  });

  it('purges by category and stops caching it', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    await store.put(balances);
    await store.put(status);
    await store.put({ ...status, documentId: 'sha256:both', categories: ['insurance.status', 'insurance.balance'] });
    expect(await store.purgeCategories(['insurance.balance'])).toBe(2);
    const left = await store.listEntries();
    expect(left.map((e) => e.documentId)).toEqual(['sha256:status']);
    expect((await store.getPolicy()).allowed).toEqual(['insurance.status']);
    expect(await store.put(balances)).toBe('not-allowed');
  });

  it('purges everything and erases the key', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    await store.put(balances);
    await store.put(status);
    await store.enqueue({ kind: 'signOut', createdAt: 1, attempts: 0 });
    await store.purgeAll({ keepOutbox: true });
    expect(await store.countEntries()).toBe(0);
    expect((await store.getPolicy()).allowed).toEqual([]);
    expect(await store.listOutbox()).toHaveLength(1);
    await store.purgeAll();
    expect(await store.listOutbox()).toHaveLength(0);
  });

  it('a consent version newer than the policy asks for reconciliation first', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.status'], 3);
    expect(await store.put({ ...status, consentVersion: 4 })).toBe('stale-policy');
    // Reconciled against the newer state, which withdrew insurance.status elsewhere.
    await store.applyConsent({ allowed: [], consentVersion: 4 });
    expect(await store.put({ ...status, consentVersion: 4 })).toBe('not-allowed');
  });

  it('a newer consent state purges what it no longer allows; an older one is ignored', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status'], 3);
    await store.put(balances);
    await store.put(status);
    const result = await store.applyConsent({ allowed: ['insurance.status'], consentVersion: 5 });
    expect(result).toEqual({ applied: true, removedCategories: ['insurance.balance'], purged: 1 });
    const stale = await store.applyConsent({ allowed: ['insurance.balance', 'insurance.status'], consentVersion: 4 });
    expect(stale.applied).toBe(false);
    expect((await store.getPolicy()).allowed).toEqual(['insurance.status']);
  });

  it('queued offline withdrawals survive a re-open and keep their categories out', async () => {
    const { store, name, clock } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    await store.put(balances);
    await store.purgeCategories(['insurance.balance']);
    await store.enqueue({
      kind: 'withdrawConsent',
      input: { purpose: 'LOCAL_CACHE', recipient: { type: 'SERVICE' }, categories: ['insurance.balance'] },
      createdAt: clock.t,
      attempts: 0,
    });
    store.close();

    const reopened = makeStore(clock, name).store;
    const queue = await reopened.listOutbox();
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ kind: 'withdrawConsent', input: { categories: ['insurance.balance'] } });
    // The server (not yet told) still lists the grant: the queued withdrawal wins.
    await reopened.applyConsent({ allowed: ['insurance.balance', 'insurance.status'], consentVersion: 4 });
    expect((await reopened.getPolicy()).allowed).toEqual(['insurance.status']);
    expect(await reopened.put({ ...balances, consentVersion: 4 })).toBe('not-allowed');
    await reopened.dequeue(queue[0]!.id);
    expect(await reopened.outboxSize()).toBe(0);
  });

  it('keeps one entry per query when its categories change', async () => {
    const { store } = makeStore();
    await allow(store, ['insurance.balance', 'insurance.status']);
    await store.put(status);
    await store.put({ ...status, categories: ['insurance.status', 'insurance.balance'] });
    const list = await store.listEntries();
    expect(list).toHaveLength(1);
    expect(list[0]?.categories).toEqual(['insurance.balance', 'insurance.status']);
    expect(await store.purgeCategories(['insurance.balance'])).toBe(1);
    expect(await store.get(status.documentId)).toBeNull();
  });

  it('gives each installation a stable random identity', async () => {
    const { store, name, clock } = makeStore();
    const first = await store.getInstallation();
    store.close();
    const again = await makeStore(clock, name).store.getInstallation();
    expect(again.deviceIdentifier).toBe(first.deviceIdentifier);
    expect(first.deviceIdentifier).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops an entry another context wrote under an erased key', async () => {
    const clock = { t: Date.UTC(2026, 10, 1) };
    const { store: a, name } = makeStore(clock);
    const b = makeStore(clock, name).store;
    await allow(a, ['insurance.status']);
    await a.put(status);
    await b.purgeAll();
    await allow(b, ['insurance.status'], 4);
    // a still holds the old key in memory; its write must not land under the erased key.
    expect(await a.put({ ...status, consentVersion: 4 })).toBe('not-allowed');
    expect(await a.put({ ...status, consentVersion: 4 })).toBe('stored');
    expect((await b.get(status.documentId))?.payload).toEqual(status.payload);
  });
});
