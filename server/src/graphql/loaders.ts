// Per-request DataLoaders for nested lists: one statement per level, whatever the list lengths.
import DataLoader from 'dataloader';
import { asc, desc, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { appInstallations, insuranceProfiles, installationEvents } from '../db/schema.js';

type InstallationRow = typeof appInstallations.$inferSelect;
type InstallationEventRow = typeof installationEvents.$inferSelect;

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(db: Executor) {
  return {
    /** Identity and insurance status both read the profile row: once per request. */
    profileByAccount: new DataLoader<string, typeof insuranceProfiles.$inferSelect | null>(async (accountIds) => {
      const rows = await db.select().from(insuranceProfiles).where(inArray(insuranceProfiles.accountId, [...accountIds]));
      return accountIds.map((id) => rows.find((row) => row.accountId === id) ?? null);
    }),
    installationsByDevice: new DataLoader<string, InstallationRow[]>(async (deviceIds) => {
      const rows = await db
        .select()
        .from(appInstallations)
        .where(inArray(appInstallations.deviceId, [...deviceIds]))
        .orderBy(asc(appInstallations.installedAt));
      return deviceIds.map((id) => rows.filter((row) => row.deviceId === id));
    }),
    eventsByInstallation: new DataLoader<string, InstallationEventRow[]>(async (installationIds) => {
      const rows = await db
        .select()
        .from(installationEvents)
        .where(inArray(installationEvents.installationId, [...installationIds]))
        .orderBy(desc(installationEvents.at));
      return installationIds.map((id) => rows.filter((row) => row.installationId === id));
    }),
  };
}
