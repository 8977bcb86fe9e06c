// Stores what the PWA reports. The operation guards have already checked the SERVICE grant for the category
// (each write checks it again under a lock, against a concurrent withdrawal);
// this also forwards device environment and location to the national platform when the person
// granted PLATFORM_SYNC after real-name verification, and records each send.
import { eq, sql } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import { loadConsentState } from '../../authz/access-decision.js';
import type { AccessRecorder } from '../../authz/access-record.js';
import { grantedCategories } from '../../authz/consent-state.js';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import { restrictedCategories } from '../../authz/restrictions.js';
import type { Database, Executor } from '../../db/database.js';
import { accounts, appInstallations, deviceEvents, devices, installationEvents, locationSamples, searchLogs } from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import type { SocialInsurancePlatform } from '../../platform/platform.js';
import type { DeviceEventInput, DeviceInput, InstallationInput, LocationInput } from './devices.types.js';

export type CollectionDeps = {
  notices: NoticeRegistry;
  platform: SocialInsurancePlatform;
  accessLog: AccessRecorder;
  /** Real-name verification: the linked card's number (the insurance module), null without one. */
  cards: { cardNumberOf(accountId: string): Promise<string | null> };
};

const MAX_TEXT = 200;

function text(name: string, value: string | undefined | null, max = MAX_TEXT): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) throw appError('BAD_USER_INPUT', `${name} must be 1 to ${max} characters`);
  return trimmed;
}

export class CollectionService {
  constructor(
    private readonly db: Database,
    private readonly deps: CollectionDeps,
  ) {}

  async recordDevice(accountId: string, input: DeviceInput): Promise<void> {
    const values = {
      accountId,
      model: text('model', input.model)!,
      osVersion: text('osVersion', input.osVersion)!,
      deviceIdentifier: text('deviceIdentifier', input.deviceIdentifier, 100)!,
      network: text('network', input.network, 50),
    };
    await this.underConsent(accountId, 'device.info', (tx) =>
      tx
        .insert(devices)
        .values(values)
        .onConflictDoUpdate({
          target: [devices.accountId, devices.deviceIdentifier],
          set: { model: values.model, osVersion: values.osVersion, network: values.network, lastSeenAt: sql`now()` },
        }),
    );
    await this.syncWithPlatform(accountId, 'device.info', { device: { ...values, network: values.network } });
  }

  async recordInstallation(accountId: string, input: InstallationInput): Promise<void> {
    const installationNumber = text('installationNumber', input.installationNumber, 100)!;
    const appVersion = text('appVersion', input.appVersion, 50)!;
    const osType = text('osType', input.osType, 50)!;
    await this.underConsent(accountId, 'app.instance', async (tx) => {
      const [installation] = await tx
        .insert(appInstallations)
        .values({ accountId, installationNumber, appVersion, osType })
        .onConflictDoUpdate({ target: [appInstallations.accountId, appInstallations.installationNumber], set: { appVersion, osType } })
        .returning({ id: appInstallations.id });
      await tx.insert(installationEvents).values({ accountId, installationId: installation!.id, kind: input.event, appVersion });
    });
  }

  async recordDeviceEvent(accountId: string, input: DeviceEventInput): Promise<void> {
    const detail = text('detail', input.detail, 1000);
    await this.underConsent(accountId, 'device.logs', (tx) => tx.insert(deviceEvents).values({ accountId, kind: input.kind, detail }));
  }

  async recordSearch(accountId: string, query: string): Promise<void> {
    const searched = text('query', query)!;
    await this.underConsent(accountId, 'device.logs', (tx) => tx.insert(searchLogs).values({ accountId, query: searched }));
  }

  async recordLocation(accountId: string, input: LocationInput): Promise<void> {
    const { latitude, longitude, accuracyMeters } = input;
    if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) throw appError('BAD_USER_INPUT', 'latitude/longitude out of range');
    if (accuracyMeters != null && !(accuracyMeters >= 0 && accuracyMeters < 1e6)) throw appError('BAD_USER_INPUT', 'accuracyMeters out of range');
    const [row] = await this.underConsent(accountId, 'location', (tx) =>
      tx
        .insert(locationSamples)
        .values({ accountId, source: input.source, latitude, longitude, accuracyMeters: accuracyMeters ?? null })
        .returning(),
    );
    await this.syncWithPlatform(accountId, 'location', {
      location: { latitude, longitude, source: input.source, at: row!.at.toISOString() },
    });
  }

  /**
   * Stores what `write` collects only while the person grants `category`, checked again under a
   * share lock on the account row: a withdrawal's version bump waits for the write and then erases
   * what it stored, and a write that waited for a withdrawal finds the grant gone. Checked only
   * before (the guard), a report in flight as a withdrawal committed kept its row after the erasure.
   */
  private async underConsent<T>(accountId: string, category: DataCategory, write: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('share');
      const state = await loadConsentState(tx, accountId, this.deps.notices);
      if (!grantedCategories(state, 'SERVICE', 'SERVICE').has(category)) {
        throw appError('CONSENT_REQUIRED', `Consent for ${category} is required; nothing was stored`, { category });
      }
      return write(tx);
    });
  }

  private async syncWithPlatform(
    accountId: string,
    category: DataCategory,
    payload: Omit<Parameters<SocialInsurancePlatform['sendEnvironment']>[0], 'cardNumber'>,
  ): Promise<void> {
    const [state, restricted] = await Promise.all([loadConsentState(this.db, accountId, this.deps.notices), restrictedCategories(this.db, accountId)]);
    if (!grantedCategories(state, 'PLATFORM_SYNC', 'PLATFORM').has(category)) return;
    // A restriction (PIPL Art. 44) stops what goes to others, the platform included.
    if (restricted.has(category)) return;
    // Real-name verification is the linked card; without it nothing goes to the platform.
    const cardNumber = await this.deps.cards.cardNumberOf(accountId);
    if (!cardNumber) return;
    await this.deps.platform.sendEnvironment({ cardNumber, ...payload });
    await this.deps.accessLog.append({
      subjectId: accountId,
      principalType: 'PLATFORM',
      principalId: this.deps.platform.name,
      partnerId: null,
      categories: [category],
      purpose: 'PLATFORM_SYNC',
      operationName: 'sendEnvironment',
      requestId: `platform-sync-${Date.now()}`,
    });
  }
}
