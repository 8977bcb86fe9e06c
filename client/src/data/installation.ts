// This installation's identity: random per install (never derived from hardware), reported only
// with consent. It survives sign-out; account deletion erases it.
import type { Connection } from './connection';
import { randomHex } from './ids';
import { INSTALLATION_ID, type Installation } from './schema';

export async function getInstallation(conn: Connection): Promise<Installation> {
  return conn.run(async (db) => {
    const tx = db.transaction('meta', 'readwrite');
    const existing = await tx.store.get(INSTALLATION_ID);
    if (existing && existing.id === INSTALLATION_ID) {
      await tx.done;
      return existing;
    }
    const created: Installation = {
      id: INSTALLATION_ID,
      deviceIdentifier: crypto.randomUUID(),
      installationNumber: `SB-${randomHex(6).toUpperCase()}`,
      installedAt: conn.now(),
      reportedAppVersion: null,
      deviceReportedAt: null,
    };
    void tx.store.put(created);
    await tx.done;
    return created;
  });
}

export async function updateInstallation(conn: Connection, patch: Partial<Pick<Installation, 'reportedAppVersion' | 'deviceReportedAt'>>): Promise<void> {
  const current = await getInstallation(conn);
  await conn.run((db) => db.put('meta', { ...current, ...patch }));
}
