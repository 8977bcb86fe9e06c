// Reads and deletions of what the PWA reported about devices, always scoped by the account id.
import DataLoader from 'dataloader';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import type { Executor } from '../../db/database.js';
import { appInstallations, deviceEvents, devices, installationEvents, locationSamples, searchLogs } from '../../db/schema.js';
import { withoutAccountId } from '../../graphql/module.js';
import { toGlobalId } from '../../graphql/node.js';
import { AppInstallation, Device, DeviceEvent, SearchLogEntry, type LocationSample } from './devices.types.js';

type DeviceRow = typeof devices.$inferSelect;
type InstallationRow = typeof appInstallations.$inferSelect;
type InstallationEventRow = typeof installationEvents.$inferSelect;

export type DevicesLoaders = ReturnType<DevicesData['loaders']>;

/** What each collected category deletes when its consent is withdrawn. */
const ERASERS: Partial<Record<DataCategory, (tx: Executor, accountId: string) => Promise<unknown>>> = {
  'device.info': (tx, id) => tx.delete(devices).where(eq(devices.accountId, id)),
  'device.logs': async (tx, id) => {
    await tx.delete(deviceEvents).where(eq(deviceEvents.accountId, id));
    await tx.delete(searchLogs).where(eq(searchLogs.accountId, id));
  },
  location: (tx, id) => tx.delete(locationSamples).where(eq(locationSamples.accountId, id)),
  'app.instance': (tx, id) => tx.delete(appInstallations).where(eq(appInstallations.accountId, id)),
};

export class DevicesData {
  constructor(private readonly db: Executor) {}

  /** Per request: nested lists load one statement per level, whatever the list lengths. */
  loaders() {
    return {
      installationsByDevice: new DataLoader<string, InstallationRow[]>(async (deviceIds) => {
        const rows = await this.db
          .select()
          .from(appInstallations)
          .where(inArray(appInstallations.deviceId, [...deviceIds]))
          .orderBy(asc(appInstallations.installedAt));
        return deviceIds.map((id) => rows.filter((row) => row.deviceId === id));
      }),
      eventsByInstallation: new DataLoader<string, InstallationEventRow[]>(async (installationIds) => {
        const rows = await this.db
          .select()
          .from(installationEvents)
          .where(inArray(installationEvents.installationId, [...installationIds]))
          .orderBy(desc(installationEvents.at));
        return installationIds.map((id) => rows.filter((row) => row.installationId === id));
      }),
    };
  }

  async devices(accountId: string): Promise<Device[]> {
    const rows = await this.db.select().from(devices).where(eq(devices.accountId, accountId)).orderBy(desc(devices.lastSeenAt));
    return rows.map(toDevice);
  }

  async deviceById(accountId: string, id: string): Promise<Device | null> {
    const [row] = await this.db.select().from(devices).where(and(eq(devices.id, id), eq(devices.accountId, accountId)));
    return row ? toDevice(row) : null;
  }

  async installations(accountId: string): Promise<AppInstallation[]> {
    const rows = await this.db.select().from(appInstallations).where(eq(appInstallations.accountId, accountId)).orderBy(desc(appInstallations.installedAt));
    return rows.map(toInstallation);
  }

  async installationById(accountId: string, id: string): Promise<AppInstallation | null> {
    const [row] = await this.db.select().from(appInstallations).where(and(eq(appInstallations.id, id), eq(appInstallations.accountId, accountId)));
    return row ? toInstallation(row) : null;
  }

  /** Device events and searches, newest first. */
  async activity(accountId: string, last: number): Promise<Array<DeviceEvent | SearchLogEntry>> {
    const [events, searches] = await Promise.all([
      this.db.select().from(deviceEvents).where(eq(deviceEvents.accountId, accountId)).orderBy(desc(deviceEvents.at)).limit(last),
      this.db.select().from(searchLogs).where(eq(searchLogs.accountId, accountId)).orderBy(desc(searchLogs.at)).limit(last),
    ]);
    const items: Array<DeviceEvent | SearchLogEntry> = [
      ...events.map((e) => Object.assign(new DeviceEvent(), { kind: e.kind, detail: e.detail, at: e.at })),
      ...searches.map((s) => Object.assign(new SearchLogEntry(), { query: s.query, at: s.at })),
    ];
    return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, last);
  }

  locationSamples(accountId: string, last: number): Promise<LocationSample[]> {
    return this.db.select().from(locationSamples).where(eq(locationSamples.accountId, accountId)).orderBy(desc(locationSamples.at)).limit(last);
  }

  /** Data collected under the SERVICE purpose only: deleted, in the withdrawal's transaction, with its consent. */
  async erase(tx: Executor, accountId: string, categories: readonly DataCategory[]): Promise<void> {
    for (const category of categories) await ERASERS[category]?.(tx, accountId);
  }

  /** This module's part of the person's data export. */
  async exportData(accountId: string): Promise<Record<string, unknown>> {
    const db = this.db;
    const [deviceRows, installations, installationEventRows, deviceEventRows, searches, locations] = await Promise.all([
      db.select().from(devices).where(eq(devices.accountId, accountId)),
      db.select().from(appInstallations).where(eq(appInstallations.accountId, accountId)),
      db.select().from(installationEvents).where(eq(installationEvents.accountId, accountId)),
      db.select().from(deviceEvents).where(eq(deviceEvents.accountId, accountId)),
      db.select().from(searchLogs).where(eq(searchLogs.accountId, accountId)),
      db.select().from(locationSamples).where(eq(locationSamples.accountId, accountId)),
    ]);
    return {
      devices: withoutAccountId(deviceRows),
      installations: withoutAccountId(installations),
      installationEvents: withoutAccountId(installationEventRows),
      deviceEvents: withoutAccountId(deviceEventRows),
      searches: withoutAccountId(searches),
      locations: withoutAccountId(locations),
    };
  }
}

function toDevice(row: DeviceRow): Device {
  return Object.assign(new Device(), { ...row, rowId: row.id, id: toGlobalId('Device', row.id) });
}

export function toInstallation(row: InstallationRow): AppInstallation {
  return Object.assign(new AppInstallation(), { ...row, rowId: row.id, id: toGlobalId('AppInstallation', row.id) });
}
