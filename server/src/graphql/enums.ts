// GraphQL enums mirror the database enums value for value.
import { registerEnumType } from 'type-graphql';
import { PURPOSES, RECIPIENT_TYPES } from '@shebao/vocabulary';
import * as db from '../db/schema.js';

const enumOf = <const T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

export const InsuranceType = enumOf(db.insuranceType.enumValues);
export const ParticipationStatus = enumOf(db.participationStatus.enumValues);
export const ContributionStatus = enumOf(db.contributionStatus.enumValues);
export const BalanceAccountType = enumOf(db.balanceAccountType.enumValues);
export const MedicalRecordKind = enumOf(db.medicalRecordKind.enumValues);
export const DeviceEventKind = enumOf(db.deviceEventKind.enumValues);
export const InstallationEventKind = enumOf(db.installationEventKind.enumValues);
export const LocationSource = enumOf(db.locationSource.enumValues);
export const ConsentEventKind = enumOf(db.consentEventKind.enumValues);
export const Purpose = enumOf(PURPOSES);
export const RecipientType = enumOf(RECIPIENT_TYPES);
export const Locale = { ZH_CN: 'ZH_CN', EN: 'EN' } as const;

export type InsuranceType = keyof typeof InsuranceType;
export type ParticipationStatus = keyof typeof ParticipationStatus;
export type ContributionStatus = keyof typeof ContributionStatus;
export type BalanceAccountType = keyof typeof BalanceAccountType;
export type MedicalRecordKind = keyof typeof MedicalRecordKind;
export type DeviceEventKind = keyof typeof DeviceEventKind;
export type InstallationEventKind = keyof typeof InstallationEventKind;
export type LocationSource = keyof typeof LocationSource;
export type ConsentEventKind = keyof typeof ConsentEventKind;
export type Locale = keyof typeof Locale;
export type Purpose = keyof typeof Purpose;
export type RecipientType = keyof typeof RecipientType;

registerEnumType(InsuranceType, { name: 'InsuranceType', description: 'The five social insurances (五险).' });
registerEnumType(ParticipationStatus, { name: 'ParticipationStatus' });
registerEnumType(ContributionStatus, { name: 'ContributionStatus' });
registerEnumType(BalanceAccountType, { name: 'BalanceAccountType' });
registerEnumType(MedicalRecordKind, { name: 'MedicalRecordKind' });
registerEnumType(DeviceEventKind, { name: 'DeviceEventKind' });
registerEnumType(InstallationEventKind, { name: 'InstallationEventKind' });
registerEnumType(LocationSource, { name: 'LocationSource' });
registerEnumType(ConsentEventKind, { name: 'ConsentEventKind' });
registerEnumType(Purpose, { name: 'Purpose', description: 'Why data is processed; each purpose is defined in the privacy notice.' });
registerEnumType(RecipientType, { name: 'RecipientType' });
registerEnumType(Locale, { name: 'Locale' });
