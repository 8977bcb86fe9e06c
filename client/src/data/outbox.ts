// The outbox: writes (consent withdrawals, sign-out) that must survive a reload until the
// network takes them. Sent in order by the page; queued withdrawals count as already applied.
import type { Connection } from './connection';
import type { OutboxItem, QueuedItem, WithdrawalInput } from './schema';

export async function enqueue(conn: Connection, item: OutboxItem): Promise<number> {
  const id = await conn.run((db) => db.add('outbox', item));
  conn.notify({ type: 'outbox', pending: await outboxSize(conn), at: conn.now() });
  return id;
}

export async function listOutbox(conn: Connection): Promise<QueuedItem[]> {
  return conn.run(async (db) => (await db.getAll('outbox')) as QueuedItem[]);
}

export async function outboxSize(conn: Connection): Promise<number> {
  return conn.run((db) => db.count('outbox'));
}

export async function dequeue(conn: Connection, id: number): Promise<void> {
  await conn.run((db) => db.delete('outbox', id));
  conn.notify({ type: 'outbox', pending: await outboxSize(conn), at: conn.now() });
}

export async function recordAttempt(conn: Connection, id: number): Promise<void> {
  await conn.run(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const item = await tx.store.get(id);
    if (item) void tx.store.put({ ...item, attempts: item.attempts + 1 });
    await tx.done;
  });
}

export function pendingWithdrawals(items: readonly OutboxItem[]): WithdrawalInput[] {
  return items.flatMap((i) => (i.kind === 'withdrawConsent' ? [i.input] : []));
}
