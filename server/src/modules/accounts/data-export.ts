// A person's copy of everything held about them (PIPL Art. 45): readable values, no internal hashes.
import { asc, eq } from 'drizzle-orm';
import type { AppServices } from '../../app-services.js';
import * as t from '../../db/schema.js';

export async function exportPersonData(services: Pick<AppServices, 'db' | 'crypto'>, accountId: string) {
  const { db, crypto } = services;
  const [account] = await db.select().from(t.accounts).where(eq(t.accounts.id, accountId));
  if (!account) return null;
  const [profile] = await db.select().from(t.insuranceProfiles).where(eq(t.insuranceProfiles.accountId, accountId));
  const [card] = await db.select().from(t.socialInsuranceCards).where(eq(t.socialInsuranceCards.accountId, accountId));
  const [participations, contributions, balances, medicalRecords, devices, installations, installationEvents, deviceEvents, searches, locations, consentEvents, accessRecords] =
    await Promise.all([
      db.select().from(t.participations).where(eq(t.participations.accountId, accountId)),
      db.select().from(t.contributions).where(eq(t.contributions.accountId, accountId)).orderBy(asc(t.contributions.month)),
      db.select().from(t.balances).where(eq(t.balances.accountId, accountId)),
      db.select().from(t.medicalRecords).where(eq(t.medicalRecords.accountId, accountId)).orderBy(asc(t.medicalRecords.date)),
      db.select().from(t.devices).where(eq(t.devices.accountId, accountId)),
      db.select().from(t.appInstallations).where(eq(t.appInstallations.accountId, accountId)),
      db.select().from(t.installationEvents).where(eq(t.installationEvents.accountId, accountId)),
      db.select().from(t.deviceEvents).where(eq(t.deviceEvents.accountId, accountId)),
      db.select().from(t.searchLogs).where(eq(t.searchLogs.accountId, accountId)),
      db.select().from(t.locationSamples).where(eq(t.locationSamples.accountId, accountId)),
      db.select().from(t.consentEvents).where(eq(t.consentEvents.accountId, accountId)).orderBy(asc(t.consentEvents.id)),
      db.select().from(t.accessRecords).where(eq(t.accessRecords.subjectId, accountId)).orderBy(asc(t.accessRecords.seq)),
    ]);
  const strip = <R extends Record<string, unknown>>(rows: R[]) => rows.map(({ accountId: _a, ...rest }) => rest);
  return {
    exportedAt: new Date().toISOString(),
    account: {
      phone: crypto.decrypt(account.phoneEncrypted),
      displayName: account.displayName,
      photoUrl: account.photoUrl,
      profilePublic: account.profilePublic,
      createdAt: account.createdAt,
    },
    identity: profile && {
      realName: profile.realName,
      gender: profile.gender,
      ethnicity: profile.ethnicity,
      birthday: profile.birthday,
      idNumber: crypto.decrypt(profile.idNumberEncrypted),
      city: profile.city,
      employer: profile.employer,
    },
    card: card && { cardNumber: crypto.decrypt(card.cardNumberEncrypted), linkedAt: card.linkedAt, refreshedAt: card.refreshedAt },
    participations: strip(participations),
    contributions: strip(contributions),
    balances: strip(balances),
    medicalRecords: strip(medicalRecords),
    devices: strip(devices),
    installations: strip(installations),
    installationEvents: strip(installationEvents),
    deviceEvents: strip(deviceEvents),
    searches: strip(searches),
    locations: strip(locations),
    consentEvents: strip(consentEvents),
    accessRecords: accessRecords.map(({ subjectId: _s, ...rest }) => rest),
  };
}
