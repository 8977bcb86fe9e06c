// The one interface to the national social-insurance platform. Everything upstream goes through
// it, so the simulator and a real client are interchangeable.
import { CARD_NUMBER } from '@shebao/vocabulary';

export const INSURANCE_TYPES = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'] as const;
export type PlatformInsuranceType = (typeof INSURANCE_TYPES)[number];

export type PlatformProfile = {
  realName: string;
  gender: '男' | '女';
  ethnicity: string;
  /** YYYY-MM-DD */
  birthday: string;
  /** 18-character 居民身份证号 with a valid GB 11643 check character. */
  idNumber: string;
  city: string;
  employer: string | null;
};

export type PlatformParticipation = {
  insuranceType: PlatformInsuranceType;
  status: 'ACTIVE' | 'SUSPENDED' | 'ENDED';
  employer: string | null;
  /** YYYY-MM-DD: the first day of the first contribution month. */
  since: string;
  contributionMonths: number;
};

export type PlatformContribution = {
  /** YYYY-MM-01 */
  month: string;
  insuranceType: PlatformInsuranceType;
  /** Yuan as decimal strings with two places. */
  base: string;
  employerPart: string;
  personalPart: string;
  status: 'PAID' | 'ARREARS' | 'PENDING';
  employer: string | null;
};

export type PlatformBalance = {
  accountType: 'PENSION_PERSONAL' | 'MEDICAL_PERSONAL';
  amount: string;
  /** YYYY-MM-DD */
  asOf: string;
};

export type PlatformMedicalRecord = {
  kind: 'OUTPATIENT' | 'INPATIENT' | 'PHARMACY';
  date: string;
  dischargeDate: string | null;
  itemCount: number | null;
  institution: string;
  department: string | null;
  city: string;
  /** totalCost = fundPaid + personalAccountPaid + outOfPocket, exactly. */
  totalCost: string;
  fundPaid: string;
  personalAccountPaid: string;
  outOfPocket: string;
};

export type PlatformRecord = {
  cardNumber: string;
  profile: PlatformProfile;
  participations: PlatformParticipation[];
  contributions: PlatformContribution[];
  balances: PlatformBalance[];
  medicalRecords: PlatformMedicalRecord[];
};

export type PlatformErrorCode = 'CARD_NOT_FOUND' | 'CARD_PASSWORD_INVALID' | 'PLATFORM_UNAVAILABLE';

/** Messages are fixed texts: never the card number or anything else personal (they end up in logs). */
export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export type PlatformDevice = { model: string; osVersion: string; deviceIdentifier: string; network: string | null };
export type PlatformLocation = { latitude: number; longitude: number; source: string; at: string };
export type EnvironmentPayload = { cardNumber: string; device?: PlatformDevice; location?: PlatformLocation };

export interface SocialInsurancePlatform {
  readonly name: string;
  fetchRecord(cardNumber: string, queryPassword: string, signal?: AbortSignal): Promise<PlatformRecord>;
  /** PLATFORM_SYNC purpose: device environment and location after real-name verification. */
  sendEnvironment(payload: EnvironmentPayload): Promise<void>;
}

/** 社保卡号 as this product accepts it: nine upper-case letters or digits. */
export function isCardNumber(value: unknown): value is string {
  return typeof value === 'string' && CARD_NUMBER.test(value);
}
