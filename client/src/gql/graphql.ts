/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BalanceAccountType =
  | 'MEDICAL_PERSONAL'
  | 'PENSION_PERSONAL';

export type ConsentEventKind =
  | 'GRANT'
  | 'WITHDRAW';

export type ContributionStatus =
  | 'ARREARS'
  | 'PAID'
  | 'PENDING';

export type DataRequestInput = {
  categories?: Array<string> | null | undefined;
  /** Not CLOSURE: closing the account is `closeAccount`. */
  kind: DataRequestKind;
  note?: string | null | undefined;
};

/** Export (a copy), transfer (machine-readable, to take elsewhere), correction, restriction, deletion of some data, closing the account. */
export type DataRequestKind =
  | 'CLOSURE'
  | 'CORRECTION'
  | 'DELETION'
  | 'EXPORT'
  | 'RESTRICTION'
  | 'TRANSFER';

export type DataRequestStatus =
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'RECEIVED'
  | 'REJECTED';

/** ON_TIME, DUE_SOON (3 working days or fewer left) or OVERDUE. */
export type DeadlineFlag =
  | 'DUE_SOON'
  | 'ON_TIME'
  | 'OVERDUE';

export type DeviceEventInput = {
  detail?: string | null | undefined;
  kind: DeviceEventKind;
};

export type DeviceEventKind =
  | 'ACTIVITY'
  | 'CRASH'
  | 'REQUEST'
  | 'SETTINGS';

export type DeviceInput = {
  deviceIdentifier: string;
  model: string;
  network?: string | null | undefined;
  osVersion: string;
};

export type GrantConsentInput = {
  categories: Array<string>;
  expiresAt?: string | null | undefined;
  /** The notice version the person was shown; must be the current one. */
  noticeVersion: number;
  purpose: Purpose;
  recipient: RecipientInput;
};

export type InstallationEventKind =
  | 'INSTALL'
  | 'UNINSTALL'
  | 'UPDATE';

export type InstallationInput = {
  appVersion: string;
  event: InstallationEventKind;
  installationNumber: string;
  osType: string;
};

/** The five social insurances (五险). */
export type InsuranceType =
  | 'MATERNITY'
  | 'MEDICAL'
  | 'PENSION'
  | 'UNEMPLOYMENT'
  | 'WORK_INJURY';

export type Locale =
  | 'EN'
  | 'ZH_CN';

export type LocationInput = {
  accuracyMeters?: number | null | undefined;
  latitude: number;
  longitude: number;
  source: LocationSource;
};

export type LocationSource =
  | 'CELL'
  | 'GPS'
  | 'WIFI';

export type MedicalRecordFilter = {
  from?: string | null | undefined;
  kind?: MedicalRecordKind | null | undefined;
  to?: string | null | undefined;
};

export type MedicalRecordKind =
  | 'INPATIENT'
  | 'OUTPATIENT'
  | 'PHARMACY';

export type ParticipationStatus =
  | 'ACTIVE'
  | 'ENDED'
  | 'SUSPENDED';

/** Why data is processed; each purpose is defined in the privacy notice. */
export type Purpose =
  | 'LEGAL_OBLIGATION'
  | 'LOCAL_CACHE'
  | 'PARTNER_SHARING'
  | 'PLATFORM_SYNC'
  | 'PRODUCT_NOTICES'
  | 'RESEARCH'
  | 'SECURITY'
  | 'SERVICE'
  | 'SERVICE_IMPROVEMENT';

export type RecipientInput = {
  partnerId?: string | number | null | undefined;
  type: RecipientType;
};

export type RecipientType =
  | 'PARTNER'
  | 'PLATFORM'
  | 'SERVICE';

export type RegisterInput = {
  /** The versions of the user agreement and privacy notice the person read and ticked; registration is refused (AGREEMENT_REQUIRED) without them or when either is no longer current. */
  agreement?: RegistrationAgreementInput | null | undefined;
  /** The 6-digit code sent by SMS. */
  code: string;
  displayName?: string | null | undefined;
  password: string;
  /** Mainland China mobile number. */
  phone: string;
};

export type RegistrationAgreementInput = {
  privacyNoticeVersion: number;
  userAgreementVersion: number;
};

/** What an SMS code is for; a code works for its purpose only. */
export type SmsCodePurpose =
  | 'PASSWORD_RESET'
  | 'REGISTRATION'
  | 'SIGN_IN';

export type SupportRequestInput = {
  categories: Array<string>;
  /** How long support may look (1–72 hours). */
  hours: number;
  note?: string | null | undefined;
};

export type WithdrawConsentInput = {
  /** Omit to withdraw every category of the purpose for this recipient. */
  categories?: Array<string> | null | undefined;
  purpose: Purpose;
  recipient: RecipientInput;
};

export type CacheConsentStateQueryVariables = Exact<{ [key: string]: never; }>;


export type CacheConsentStateQuery = { me: { id: string, consents: { version: number, necessaryCategories: Array<string>, grants: Array<{ purpose: Purpose, categories: Array<string>, current: boolean, expiresAt: string | null, recipient: { type: RecipientType, partnerId: string | null } }> } | null } | null };

export type AccessLogQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AccessLogQuery = { me: { id: string, accessLog: { nodes: Array<{ id: string, principalType: string, categories: Array<string>, purpose: string, operationName: string | null, authority: string | null, at: string, partner: { id: string, name: string } | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } | null } | null };

export type ExportMyDataMutationVariables = Exact<{ [key: string]: never; }>;


export type ExportMyDataMutation = { exportMyData: unknown };

export type RequestRegistrationCodeMutationVariables = Exact<{
  phone: string;
}>;


export type RequestRegistrationCodeMutation = { requestRegistrationCode: boolean };

export type DevelopmentSmsCodeQueryVariables = Exact<{
  phone: string;
}>;


export type DevelopmentSmsCodeQuery = { developmentSmsCode: string | null };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { expiresAt: string } };

export type SignInMutationVariables = Exact<{
  phone: string;
  password: string;
}>;


export type SignInMutation = { signIn: { expiresAt: string } };

export type RequestSmsCodeMutationVariables = Exact<{
  phone: string;
  purpose: SmsCodePurpose;
}>;


export type RequestSmsCodeMutation = { requestSmsCode: boolean };

export type SignInWithSmsCodeMutationVariables = Exact<{
  phone: string;
  code: string;
}>;


export type SignInWithSmsCodeMutation = { signInWithSmsCode: { expiresAt: string } };

export type ResetPasswordMutationVariables = Exact<{
  phone: string;
  code: string;
  newPassword: string;
}>;


export type ResetPasswordMutation = { resetPassword: { expiresAt: string } };

export type RegistrationDocumentsQueryVariables = Exact<{
  locale: Locale;
}>;


export type RegistrationDocumentsQuery = { userAgreement: { version: number, hash: string, title: string, sections: Array<{ heading: string, body: string }> }, privacyNotice: { version: number, hash: string, title: string, text: string } };

export type CardStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type CardStatusQuery = { me: { id: string, linkedCard: { maskedNumber: string, linkedAt: string, refreshedAt: string } | null } | null };

export type LinkSocialInsuranceCardMutationVariables = Exact<{
  cardNumber: string;
  queryPassword: string;
  replace?: boolean | null | undefined;
}>;


export type LinkSocialInsuranceCardMutation = { linkSocialInsuranceCard: { id: string, linkedCard: { maskedNumber: string, linkedAt: string, refreshedAt: string } | null } | null };

export type RefreshSocialInsuranceDataMutationVariables = Exact<{
  queryPassword: string;
}>;


export type RefreshSocialInsuranceDataMutation = { refreshSocialInsuranceData: { id: string, linkedCard: { maskedNumber: string, linkedAt: string, refreshedAt: string } | null } | null };

export type PrivacyNoticeQueryVariables = Exact<{
  locale?: Locale | null | undefined;
  version?: number | null | undefined;
}>;


export type PrivacyNoticeQuery = { privacyNotice: { version: number, hash: string, publishedAt: string, locale: Locale, title: string, text: string, purposes: Array<{ purpose: Purpose, name: string, description: string, necessaryCategories: Array<string>, recipients: Array<string>, retentionDays: number | null, necessary: boolean, separateConsent: boolean, categories: Array<{ id: string, name: string, sensitive: boolean }> }> } };

export type PrivacyNoticeChangesQueryVariables = Exact<{
  from: number;
  to: number;
  locale?: Locale | null | undefined;
}>;


export type PrivacyNoticeChangesQuery = { privacyNoticeChanges: Array<{ purpose: Purpose, change: string, summary: string }> };

export type PartnersQueryVariables = Exact<{ [key: string]: never; }>;


export type PartnersQuery = { partners: Array<{ id: string, name: string, description: string, registeredCategories: Array<string> }> };

export type ConsentCentreQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsentCentreQuery = { me: { id: string, consents: { version: number, necessaryCategories: Array<string>, noticeVersion: number, renewalNeeded: Array<Purpose>, grants: Array<{ purpose: Purpose, categories: Array<string>, noticeVersion: number, grantedAt: string, expiresAt: string | null, current: boolean, recipient: { type: RecipientType, partnerId: string | null, name: string }, receipt: { id: string, jws: string, payload: unknown, consentVersion: number } | null }>, history: Array<{ id: string, kind: ConsentEventKind, purpose: Purpose, categories: Array<string>, noticeVersion: number, at: string, recipient: { type: RecipientType, partnerId: string | null, name: string } }> } | null } | null };

export type DashboardQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
  months?: number | null | undefined;
}>;


export type DashboardQuery = { me: { id: string, profile: { displayName: string | null } | null, insurance: { city: string | null, employer: string | null, contributionYears: number | null, participations: Array<{ insuranceType: InsuranceType | null, status: ParticipationStatus | null, employer: string | null, since: string | null, contributionMonths: number | null }> | null } | null, balances: Array<{ accountType: BalanceAccountType | null, amount: number | null, asOf: string | null }> | null, contributions: Array<{ id: string, month: string | null, insuranceType: InsuranceType | null, base: number | null, employerPart: number | null, personalPart: number | null, status: ContributionStatus | null }> | null, medicalSpending: Array<{ month: string | null, totalCost: number | null, fundPaid: number | null, personalAccountPaid: number | null, outOfPocket: number | null }> | null } | null };

export type DashboardGreetingQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardGreetingQuery = { me: { id: string, profile: { displayName: string | null } | null } | null };

export type MyDevicesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyDevicesQuery = { me: { id: string, devices: Array<{ id: string, model: string | null, osVersion: string | null, deviceIdentifier: string | null, network: string | null, firstSeenAt: string | null, lastSeenAt: string | null }> | null } | null };

export type MyInstallationsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyInstallationsQuery = { me: { id: string, installations: Array<{ id: string, installationNumber: string | null, appVersion: string | null, osType: string | null, installedAt: string | null, events: Array<{ kind: InstallationEventKind | null, appVersion: string | null, at: string | null }> | null }> | null } | null };

export type MyActivityQueryVariables = Exact<{ [key: string]: never; }>;


export type MyActivityQuery = { me: { id: string, activity: Array<
      | { __typename: 'DeviceEvent', kind: DeviceEventKind | null, detail: string | null, at: string | null }
      | { __typename: 'SearchLogEntry', query: string | null, at: string | null }
    > | null } | null };

export type MyLocationsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyLocationsQuery = { me: { id: string, locationSamples: Array<{ source: LocationSource | null, latitude: number | null, longitude: number | null, accuracyMeters: number | null, at: string | null }> | null } | null };

export type MedicalRecordsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: MedicalRecordFilter | null | undefined;
}>;


export type MedicalRecordsQuery = { me: { id: string, medicalRecords: { totalCount: number | null, pageInfo: { endCursor: string | null, hasNextPage: boolean }, nodes: Array<
        | { __typename: 'InpatientStay', dischargeDate: string | null, days: number | null, id: string, kind: MedicalRecordKind | null, date: string | null, institution: string | null, department: string | null, city: string | null, totalCost: number | null, fundPaid: number | null, personalAccountPaid: number | null, outOfPocket: number | null }
        | { __typename: 'OutpatientVisit', id: string, kind: MedicalRecordKind | null, date: string | null, institution: string | null, department: string | null, city: string | null, totalCost: number | null, fundPaid: number | null, personalAccountPaid: number | null, outOfPocket: number | null }
        | { __typename: 'PharmacyPurchase', itemCount: number | null, id: string, kind: MedicalRecordKind | null, date: string | null, institution: string | null, department: string | null, city: string | null, totalCost: number | null, fundPaid: number | null, personalAccountPaid: number | null, outOfPocket: number | null }
      > } | null } | null };

export type MyRightsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyRightsQuery = { me: { id: string, dataRequests: Array<{ id: string, kind: DataRequestKind, status: DataRequestStatus, categories: Array<string>, note: string | null, answer: string | null, receivedAt: string, dueAt: string, completedAt: string | null, deadline: DeadlineFlag | null, downloadableUntil: string | null, restricting: boolean, liftedAt: string | null }> | null, supportRequests: Array<{ id: string, categories: Array<string>, note: string | null, createdAt: string, expiresAt: string, revokedAt: string | null, active: boolean }> | null, breachNotices: Array<{ id: string, summary: string, categories: Array<string>, cause: string, possibleHarm: string, remedies: string, whatYouCanDo: string, contact: string, discoveredAt: string, notifiedAt: string, readAt: string | null }> | null, disclosures: Array<{ id: string, authority: string, legalBasis: string, categories: Array<string>, disclosedAt: string }> | null } | null };

export type MyDataExportQueryVariables = Exact<{
  requestId: string | number;
}>;


export type MyDataExportQuery = { me: { id: string, dataExport: { fileName: string, mediaType: string, format: string, content: string, expiresAt: string } | null } | null };

export type FileDataRequestMutationVariables = Exact<{
  input: DataRequestInput;
}>;


export type FileDataRequestMutation = { fileDataRequest: { id: string, kind: DataRequestKind, status: DataRequestStatus, dueAt: string, deadline: DeadlineFlag | null } };

export type LiftRestrictionMutationVariables = Exact<{
  id: string | number;
}>;


export type LiftRestrictionMutation = { liftRestriction: { id: string, status: DataRequestStatus, restricting: boolean, liftedAt: string | null } };

export type OpenSupportRequestMutationVariables = Exact<{
  input: SupportRequestInput;
}>;


export type OpenSupportRequestMutation = { openSupportRequest: { reference: string, request: { id: string, expiresAt: string } } };

export type RevokeSupportRequestMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeSupportRequestMutation = { revokeSupportRequest: boolean };

export type MarkBreachNoticeReadMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkBreachNoticeReadMutation = { markBreachNoticeRead: boolean };

export type CloseAccountMutationVariables = Exact<{
  password: string;
}>;


export type CloseAccountMutation = { closeAccount: { id: string, status: DataRequestStatus } };

export type GrantConsentMutationVariables = Exact<{
  input: GrantConsentInput;
}>;


export type GrantConsentMutation = { grantConsent: { id: string, jws: string, payload: unknown, consentVersion: number } };

export type WithdrawConsentMutationVariables = Exact<{
  input: WithdrawConsentInput;
}>;


export type WithdrawConsentMutation = { withdrawConsent: { version: number, necessaryCategories: Array<string>, grants: Array<{ purpose: Purpose, categories: Array<string>, current: boolean, expiresAt: string | null, recipient: { type: RecipientType, partnerId: string | null } }> } };

export type GrantConsentsMutationVariables = Exact<{
  inputs: Array<GrantConsentInput> | GrantConsentInput;
}>;


export type GrantConsentsMutation = { grantConsents: Array<{ id: string, consentVersion: number }> };

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { me: { id: string } | null };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type ReportDeviceMutationVariables = Exact<{
  input: DeviceInput;
}>;


export type ReportDeviceMutation = { reportDevice: boolean };

export type ReportInstallationMutationVariables = Exact<{
  input: InstallationInput;
}>;


export type ReportInstallationMutation = { reportInstallation: boolean };

export type ReportDeviceEventMutationVariables = Exact<{
  input: DeviceEventInput;
}>;


export type ReportDeviceEventMutation = { reportDeviceEvent: boolean };

export type ReportSearchMutationVariables = Exact<{
  query: string;
}>;


export type ReportSearchMutation = { reportSearch: boolean };

export type ReportLocationMutationVariables = Exact<{
  input: LocationInput;
}>;


export type ReportLocationMutation = { reportLocation: boolean };


export const CacheConsentStateDocument = {"__meta__":{"operationName":"CacheConsentState","operationType":"query","hash":"sha256:65cdd57941d2f20abfc1142c8800a0bc5f50ec07743dd799317a1688915a4418"}} as unknown as DocumentNode<CacheConsentStateQuery, CacheConsentStateQueryVariables>;
export const AccessLogDocument = {"__meta__":{"operationName":"AccessLog","operationType":"query","hash":"sha256:df5eee2912f48ecff3fe7cd181ffbe44ac660dbb36308e1cf20b7c2ad6427ec1"}} as unknown as DocumentNode<AccessLogQuery, AccessLogQueryVariables>;
export const ExportMyDataDocument = {"__meta__":{"operationName":"ExportMyData","operationType":"mutation","hash":"sha256:928e76ffee6fab39008d3097f971d05bb543bac1ace3a34c7f1443cfe958a4e5"}} as unknown as DocumentNode<ExportMyDataMutation, ExportMyDataMutationVariables>;
export const RequestRegistrationCodeDocument = {"__meta__":{"operationName":"RequestRegistrationCode","operationType":"mutation","hash":"sha256:a5672fea1c84b7fa899988239baca1ef280073e82d7be5917ea76ce0622aea74"}} as unknown as DocumentNode<RequestRegistrationCodeMutation, RequestRegistrationCodeMutationVariables>;
export const DevelopmentSmsCodeDocument = {"__meta__":{"operationName":"DevelopmentSmsCode","operationType":"query","hash":"sha256:c7792a3dccfca02faacdfe9ea5a5d64420cc4a826ad52a12ea0ba66046f2e9bb"}} as unknown as DocumentNode<DevelopmentSmsCodeQuery, DevelopmentSmsCodeQueryVariables>;
export const RegisterDocument = {"__meta__":{"operationName":"Register","operationType":"mutation","hash":"sha256:d7958a7c7feffd6ad3e0d22ca9680cf4a4f76213212ce14719e03705c2737040"}} as unknown as DocumentNode<RegisterMutation, RegisterMutationVariables>;
export const SignInDocument = {"__meta__":{"operationName":"SignIn","operationType":"mutation","hash":"sha256:9a3418238b1da13a690b0dc0e7b0dcf640f26007b346262140535b9e1dd1a210"}} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const RequestSmsCodeDocument = {"__meta__":{"operationName":"RequestSmsCode","operationType":"mutation","hash":"sha256:82766b2fc91e515d678905d8c2d5c96db435f5b63c4a7d40e113b4fee51a83ca"}} as unknown as DocumentNode<RequestSmsCodeMutation, RequestSmsCodeMutationVariables>;
export const SignInWithSmsCodeDocument = {"__meta__":{"operationName":"SignInWithSmsCode","operationType":"mutation","hash":"sha256:fdbe9e8bcdaf359fc98a7e5cc889bc293106fe1e8bf86aef43cf859c8fc05a48"}} as unknown as DocumentNode<SignInWithSmsCodeMutation, SignInWithSmsCodeMutationVariables>;
export const ResetPasswordDocument = {"__meta__":{"operationName":"ResetPassword","operationType":"mutation","hash":"sha256:af521c8d158e3ee9c1039f57cb162fee7913429a38f05bc5418503cbcfb415a4"}} as unknown as DocumentNode<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const RegistrationDocumentsDocument = {"__meta__":{"operationName":"RegistrationDocuments","operationType":"query","hash":"sha256:da12e8b3e45887454416853f6a590879f0ade2b64eecef9311951b85dfa1ae90"}} as unknown as DocumentNode<RegistrationDocumentsQuery, RegistrationDocumentsQueryVariables>;
export const CardStatusDocument = {"__meta__":{"operationName":"CardStatus","operationType":"query","hash":"sha256:10753f43115472dd16cf63897ff48cc0206a08b17c3f4bd2e60114f76e2a2abe"}} as unknown as DocumentNode<CardStatusQuery, CardStatusQueryVariables>;
export const LinkSocialInsuranceCardDocument = {"__meta__":{"operationName":"LinkSocialInsuranceCard","operationType":"mutation","hash":"sha256:0bc422ee778cf36f7d4b25cd4941ea18c88c132bf970ee8347a34f64db7cbdc7"}} as unknown as DocumentNode<LinkSocialInsuranceCardMutation, LinkSocialInsuranceCardMutationVariables>;
export const RefreshSocialInsuranceDataDocument = {"__meta__":{"operationName":"RefreshSocialInsuranceData","operationType":"mutation","hash":"sha256:0da71ade5565c8567f544dcd2369f3edc8ab7f902cd29c88465a1a0c21269218"}} as unknown as DocumentNode<RefreshSocialInsuranceDataMutation, RefreshSocialInsuranceDataMutationVariables>;
export const PrivacyNoticeDocument = {"__meta__":{"operationName":"PrivacyNotice","operationType":"query","hash":"sha256:a726a951a981bad7a1911eff5b24887b00834ca05c92140dd2c40547bc7e918d"}} as unknown as DocumentNode<PrivacyNoticeQuery, PrivacyNoticeQueryVariables>;
export const PrivacyNoticeChangesDocument = {"__meta__":{"operationName":"PrivacyNoticeChanges","operationType":"query","hash":"sha256:76b00816ab0758bad8e0c49f8ce233f445ec7167c09bdf6173bbf0cea826a3d1"}} as unknown as DocumentNode<PrivacyNoticeChangesQuery, PrivacyNoticeChangesQueryVariables>;
export const PartnersDocument = {"__meta__":{"operationName":"Partners","operationType":"query","hash":"sha256:f62cf9f71ae0c7d2cea4ae250191505819a26ad0bada9a3b171b23e5bf86e0a4"}} as unknown as DocumentNode<PartnersQuery, PartnersQueryVariables>;
export const ConsentCentreDocument = {"__meta__":{"operationName":"ConsentCentre","operationType":"query","hash":"sha256:c5abc7a0523b0b6436f2afee3df6726ffa7f881b4100489889f1219ed3ddc5d0"}} as unknown as DocumentNode<ConsentCentreQuery, ConsentCentreQueryVariables>;
export const DashboardDocument = {"__meta__":{"operationName":"Dashboard","operationType":"query","hash":"sha256:71487c208503b1e243913fa024985ae2fd7876851f1d1449b87f85a8e2865caa"}} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const DashboardGreetingDocument = {"__meta__":{"operationName":"DashboardGreeting","operationType":"query","hash":"sha256:2d6ce737554d74c7615aac894e2e4b36937fd8b14ab32de05cb58ccd0e236d4c"}} as unknown as DocumentNode<DashboardGreetingQuery, DashboardGreetingQueryVariables>;
export const MyDevicesDocument = {"__meta__":{"operationName":"MyDevices","operationType":"query","hash":"sha256:857681860f3e175c5fd6e1b9238dabe2ef9617ca27058a59273787fec09ddeb2"}} as unknown as DocumentNode<MyDevicesQuery, MyDevicesQueryVariables>;
export const MyInstallationsDocument = {"__meta__":{"operationName":"MyInstallations","operationType":"query","hash":"sha256:ad46903c2912292379721ef1e83106d9737bbadc8988891bdf0919ad77c78840"}} as unknown as DocumentNode<MyInstallationsQuery, MyInstallationsQueryVariables>;
export const MyActivityDocument = {"__meta__":{"operationName":"MyActivity","operationType":"query","hash":"sha256:da6fbaacad632ae5f294447c380acd9d9fa77a5fae0cb8d879cb86f91b863fbe"}} as unknown as DocumentNode<MyActivityQuery, MyActivityQueryVariables>;
export const MyLocationsDocument = {"__meta__":{"operationName":"MyLocations","operationType":"query","hash":"sha256:f90be244bdb736f4f1b393e45bd768847ccb00a57175ec341650780b3becfa1b"}} as unknown as DocumentNode<MyLocationsQuery, MyLocationsQueryVariables>;
export const MedicalRecordsDocument = {"__meta__":{"operationName":"MedicalRecords","operationType":"query","hash":"sha256:1e11b17847d060ab793c4b3b0c81ac52426e60322883ba1524b9da058c743670"}} as unknown as DocumentNode<MedicalRecordsQuery, MedicalRecordsQueryVariables>;
export const MyRightsDocument = {"__meta__":{"operationName":"MyRights","operationType":"query","hash":"sha256:426707fb7932ea871ce812f5d6c7a0efebfcd67626c0f85a2bac2bf57f88f089"}} as unknown as DocumentNode<MyRightsQuery, MyRightsQueryVariables>;
export const MyDataExportDocument = {"__meta__":{"operationName":"MyDataExport","operationType":"query","hash":"sha256:9f591713b229ffd2ad1ec8258c7291fa26acc10c94fd9f5c30d58c2807ce1062"}} as unknown as DocumentNode<MyDataExportQuery, MyDataExportQueryVariables>;
export const FileDataRequestDocument = {"__meta__":{"operationName":"FileDataRequest","operationType":"mutation","hash":"sha256:8c0e9f325b0f00480aeb5ccccb7b8d709983f8ae25281f7623bc6b8167c642e5"}} as unknown as DocumentNode<FileDataRequestMutation, FileDataRequestMutationVariables>;
export const LiftRestrictionDocument = {"__meta__":{"operationName":"LiftRestriction","operationType":"mutation","hash":"sha256:4ad1569d8acd4b228f525559bd3207226ba085eb15f7397aa290c7a58cfec207"}} as unknown as DocumentNode<LiftRestrictionMutation, LiftRestrictionMutationVariables>;
export const OpenSupportRequestDocument = {"__meta__":{"operationName":"OpenSupportRequest","operationType":"mutation","hash":"sha256:6640fbef500e54bc7984495c87bdf411e6791f65804b61f4c34a3566f525cd6b"}} as unknown as DocumentNode<OpenSupportRequestMutation, OpenSupportRequestMutationVariables>;
export const RevokeSupportRequestDocument = {"__meta__":{"operationName":"RevokeSupportRequest","operationType":"mutation","hash":"sha256:46aa33c65ea373767f2599cb50775cbedb88994ea993ee2f4ddd1882b543bbb7"}} as unknown as DocumentNode<RevokeSupportRequestMutation, RevokeSupportRequestMutationVariables>;
export const MarkBreachNoticeReadDocument = {"__meta__":{"operationName":"MarkBreachNoticeRead","operationType":"mutation","hash":"sha256:cecc4a6c7058887162d8649d86c0ceb5b97626709c455d7d4e49eb6c3eb24d29"}} as unknown as DocumentNode<MarkBreachNoticeReadMutation, MarkBreachNoticeReadMutationVariables>;
export const CloseAccountDocument = {"__meta__":{"operationName":"CloseAccount","operationType":"mutation","hash":"sha256:18da0b365f8558dd7e0938dd16f3d5395ffe7b2ad71b0cbd6b5ba6a87d87f54d"}} as unknown as DocumentNode<CloseAccountMutation, CloseAccountMutationVariables>;
export const GrantConsentDocument = {"__meta__":{"operationName":"GrantConsent","operationType":"mutation","hash":"sha256:8abb5ec4cb42dfca6e0ad5ce6e0b0ff266005baeebcb25b3ed86bebe2039bc56"}} as unknown as DocumentNode<GrantConsentMutation, GrantConsentMutationVariables>;
export const WithdrawConsentDocument = {"__meta__":{"operationName":"WithdrawConsent","operationType":"mutation","hash":"sha256:ab5449c3b530c6fec0ba1e463023b5792aeae9afb6c30c76a10c5a552f95bf10"}} as unknown as DocumentNode<WithdrawConsentMutation, WithdrawConsentMutationVariables>;
export const GrantConsentsDocument = {"__meta__":{"operationName":"GrantConsents","operationType":"mutation","hash":"sha256:8eb406871fbff3e0d5dd5294668577facc3920d19e6069035f98f19a0bb77654"}} as unknown as DocumentNode<GrantConsentsMutation, GrantConsentsMutationVariables>;
export const SessionDocument = {"__meta__":{"operationName":"Session","operationType":"query","hash":"sha256:9ecf95ce99f9637667ef432ea88182739e00dea2653413cf0fc0a84fffabb893"}} as unknown as DocumentNode<SessionQuery, SessionQueryVariables>;
export const SignOutDocument = {"__meta__":{"operationName":"SignOut","operationType":"mutation","hash":"sha256:39300be1f6ff47633a8c264de2a924d5b71367b646d3bf86d82d7c51c6543956"}} as unknown as DocumentNode<SignOutMutation, SignOutMutationVariables>;
export const ReportDeviceDocument = {"__meta__":{"operationName":"ReportDevice","operationType":"mutation","hash":"sha256:886630dae0af24019d925fd746412d0e09ddee7bfb75fa1dee4d55a8b8a5d731"}} as unknown as DocumentNode<ReportDeviceMutation, ReportDeviceMutationVariables>;
export const ReportInstallationDocument = {"__meta__":{"operationName":"ReportInstallation","operationType":"mutation","hash":"sha256:c09fa1d43d646c771f5ab15b3733f78e59861359417a66ed03e802ff2d79eafd"}} as unknown as DocumentNode<ReportInstallationMutation, ReportInstallationMutationVariables>;
export const ReportDeviceEventDocument = {"__meta__":{"operationName":"ReportDeviceEvent","operationType":"mutation","hash":"sha256:558d4036451cdd83d1131aaf5f8b0e0764410010f9a3da5e68acbcb037b11f5e"}} as unknown as DocumentNode<ReportDeviceEventMutation, ReportDeviceEventMutationVariables>;
export const ReportSearchDocument = {"__meta__":{"operationName":"ReportSearch","operationType":"mutation","hash":"sha256:4db3c5bdb3f01d536dd277bb614dc2932de2e2f0f0816603964506744c49aa90"}} as unknown as DocumentNode<ReportSearchMutation, ReportSearchMutationVariables>;
export const ReportLocationDocument = {"__meta__":{"operationName":"ReportLocation","operationType":"mutation","hash":"sha256:a2d8f9a7ba457513b9fa52b3952178a2fbe1bc932326ffac4f90d527be200850"}} as unknown as DocumentNode<ReportLocationMutation, ReportLocationMutationVariables>;