/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BreachNoticeInput = {
  categories: Array<string>;
  cause: string;
  contact: string;
  discoveredAt: string;
  possibleHarm: string;
  remedies: string;
  summary: string;
  whatYouCanDo: string;
  windowFrom: string;
  windowTo: string;
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

export type DisclosureInput = {
  /** The account reference of the person concerned. */
  accountRef: string | number;
  authority: string;
  categories: Array<string>;
  /** The legal basis for not telling the person yet. */
  deferralBasis?: string | null | undefined;
  /** When the person is told, at the latest. */
  deferredUntil?: string | null | undefined;
  disclosedAt: string;
  legalBasis: string;
};

export type LocalizedTextInput = {
  en: string;
  zh: string;
};

/** What an operator may do: each role is limited to its own operations. */
export type OperatorRole =
  /** The partner registry: register, edit, suspend, reinstate. */
  | 'PARTNER_MANAGER'
  /** Privacy notice versions, requests from people, disclosures to authorities. */
  | 'PRIVACY_OFFICER'
  /** Breach notices, the operator audit log, key rotation. */
  | 'SECURITY_OFFICER'
  /** Support requests the person opened, limited to what the person chose. */
  | 'SUPPORT';

/** What a partner manager registers or edits; checked like `pnpm partner:add`. */
export type PartnerRegistrationInput = {
  /** Generated when absent; cannot change later. */
  clientId?: string | null | undefined;
  /** E-mail or https URL where people reach the partner about their data. */
  contact: string;
  description: string;
  descriptionEn: string;
  dpopRequired?: boolean;
  /** Public JWKS for private_key_jwt. Absent: a sandbox partner with a generated secret. */
  jwks?: unknown;
  maxGrantDays?: number;
  name: string;
  nameEn: string;
  purposes: Array<LocalizedTextInput>;
  redirectUris: Array<string>;
  registeredCategories: Array<string>;
  sandbox?: boolean;
};

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

export type OperatorMeQueryVariables = Exact<{ [key: string]: never; }>;


export type OperatorMeQuery = { operatorMe: { id: string, loginName: string, displayName: string, roles: Array<OperatorRole> } };

export type OperatorSignInMutationVariables = Exact<{
  loginName: string;
  password: string;
  code: string;
}>;


export type OperatorSignInMutation = { operatorSignIn: { expiresAt: string, idleTimeoutSeconds: number, operator: { id: string, loginName: string, displayName: string, roles: Array<OperatorRole> } } };

export type OperatorSignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type OperatorSignOutMutation = { operatorSignOut: boolean };

export type RegistryPartnersQueryVariables = Exact<{ [key: string]: never; }>;


export type RegistryPartnersQuery = { registryPartners: Array<{ id: string, clientId: string, name: string, nameEn: string, description: string, descriptionEn: string, contact: string | null, registeredCategories: Array<string>, redirectUris: Array<string>, clientAuthMethod: string, jwks: unknown, sandbox: boolean, dpopRequired: boolean, maxGrantDays: number, active: boolean, activeGrants: number, createdAt: string, purposes: Array<{ zh: string, en: string }> }> };

export type RegisterPartnerMutationVariables = Exact<{
  input: PartnerRegistrationInput;
}>;


export type RegisterPartnerMutation = { registerPartner: { clientSecret: string | null, partner: { id: string, clientId: string } } };

export type UpdatePartnerMutationVariables = Exact<{
  id: string | number;
  input: PartnerRegistrationInput;
}>;


export type UpdatePartnerMutation = { updatePartner: { id: string } };

export type SuspendPartnerMutationVariables = Exact<{
  id: string | number;
}>;


export type SuspendPartnerMutation = { suspendPartner: { endedGrants: number, partner: { id: string, active: boolean } } };

export type ReinstatePartnerMutationVariables = Exact<{
  id: string | number;
}>;


export type ReinstatePartnerMutation = { reinstatePartner: { id: string, active: boolean } };

export type NoticeWorkQueryVariables = Exact<{ [key: string]: never; }>;


export type NoticeWorkQuery = { noticeVersions: Array<{ version: number, contentHash: string, publishedAt: string }>, noticeDrafts: Array<{ id: string, baseVersion: number, content: unknown, updatedAt: string }> };

export type CreateNoticeDraftMutationVariables = Exact<{ [key: string]: never; }>;


export type CreateNoticeDraftMutation = { createNoticeDraft: { id: string } };

export type UpdateNoticeDraftMutationVariables = Exact<{
  id: string | number;
  content: unknown;
}>;


export type UpdateNoticeDraftMutation = { updateNoticeDraft: { id: string, updatedAt: string } };

export type NoticeDraftDiffQueryVariables = Exact<{
  id: string | number;
}>;


export type NoticeDraftDiffQuery = { noticeDraftDiff: { fromVersion: number, affectedPeople: number, purposes: Array<{ purpose: Purpose, change: string, addedCategories: Array<string>, removedCategories: Array<string>, addedNecessary: Array<string>, removedNecessary: Array<string>, retentionDaysBefore: number | null, retentionDaysAfter: number | null, recipientsChanged: boolean, wordingChanged: boolean, separateConsentChanged: boolean, needsReconsent: boolean }> } };

export type PublishNoticeDraftMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishNoticeDraftMutation = { publishNoticeDraft: { version: number, reconsentPurposes: Array<Purpose>, affectedPeople: number } };

export type OperatorAuditQueryVariables = Exact<{ [key: string]: never; }>;


export type OperatorAuditQuery = { operatorAuditChain: { ok: boolean, length: number, brokenAtSeq: number | null, problem: string | null }, operatorAuditLog: Array<{ seq: number, operatorId: string | null, action: string, target: string | null, at: string, hash: string }> };

export type RequestQueueQueryVariables = Exact<{
  includeAnswered: boolean;
}>;


export type RequestQueueQuery = { requestQueue: Array<{ id: string, kind: DataRequestKind, status: DataRequestStatus, categories: Array<string>, note: string | null, answer: string | null, receivedAt: string, dueAt: string, deadline: DeadlineFlag | null, workingDaysLeft: number | null, accountRef: string }> };

export type AnswerRequestMutationVariables = Exact<{
  id: string | number;
  status: DataRequestStatus;
  answer?: string | null | undefined;
}>;


export type AnswerRequestMutation = { answerRequest: { id: string, status: DataRequestStatus, answer: string | null, deadline: DeadlineFlag | null } };

export type SupportViewQueryVariables = Exact<{
  reference: string;
}>;


export type SupportViewQuery = { supportView: { categories: Array<string>, expiresAt: string, note: string | null, data: unknown } };

export type DisclosureRecordsQueryVariables = Exact<{ [key: string]: never; }>;


export type DisclosureRecordsQuery = { disclosureRecords: Array<{ id: string, accountRef: string, authority: string, legalBasis: string, categories: Array<string>, disclosedAt: string, deferredUntil: string | null, releasedAt: string | null }> };

export type RecordDisclosureMutationVariables = Exact<{
  input: DisclosureInput;
}>;


export type RecordDisclosureMutation = { recordDisclosure: { id: string, releasedAt: string | null } };

export type IncidentsQueryVariables = Exact<{ [key: string]: never; }>;


export type IncidentsQuery = { incidents: Array<{ id: string, summary: string, categories: Array<string>, cause: string, possibleHarm: string, remedies: string, whatYouCanDo: string, contact: string, discoveredAt: string, windowFrom: string | null, windowTo: string | null, notifiedAt: string | null }> };

export type AffectedCountQueryVariables = Exact<{
  id: string | number;
}>;


export type AffectedCountQuery = { affectedCount: number };

export type RecordBreachMutationVariables = Exact<{
  input: BreachNoticeInput;
}>;


export type RecordBreachMutation = { recordBreach: { id: string } };

export type SendBreachNoticeMutationVariables = Exact<{
  id: string | number;
}>;


export type SendBreachNoticeMutation = { sendBreachNotice: boolean };


export const OperatorMeDocument = {"__meta__":{"operationName":"OperatorMe","operationType":"query","hash":"sha256:38ffd90258ab4787760113472dcfbe9b9ba1fa9683219875596ad1855a2d195e"}} as unknown as DocumentNode<OperatorMeQuery, OperatorMeQueryVariables>;
export const OperatorSignInDocument = {"__meta__":{"operationName":"OperatorSignIn","operationType":"mutation","hash":"sha256:16b78156a8b8e156cb3480aca1387a2fda3cd71b7cd8f81b710d41058d290c59"}} as unknown as DocumentNode<OperatorSignInMutation, OperatorSignInMutationVariables>;
export const OperatorSignOutDocument = {"__meta__":{"operationName":"OperatorSignOut","operationType":"mutation","hash":"sha256:8733fa9ac26f83afcac9f880920f46ff3140e9f7d9fc17e745bd5b65a37dff8c"}} as unknown as DocumentNode<OperatorSignOutMutation, OperatorSignOutMutationVariables>;
export const RegistryPartnersDocument = {"__meta__":{"operationName":"RegistryPartners","operationType":"query","hash":"sha256:419a600c3df4549c00a7cc1b6db1ff8571dcefa860368fdabbf62c4181aca154"}} as unknown as DocumentNode<RegistryPartnersQuery, RegistryPartnersQueryVariables>;
export const RegisterPartnerDocument = {"__meta__":{"operationName":"RegisterPartner","operationType":"mutation","hash":"sha256:c321609a66dbf427fbcaafc35bda00b837c6c774f90c42e473661af01518a34b"}} as unknown as DocumentNode<RegisterPartnerMutation, RegisterPartnerMutationVariables>;
export const UpdatePartnerDocument = {"__meta__":{"operationName":"UpdatePartner","operationType":"mutation","hash":"sha256:0a2853a26bc6c29e0dbf2a92ca4951372dcdc0255909ee20f1e100a396914bc0"}} as unknown as DocumentNode<UpdatePartnerMutation, UpdatePartnerMutationVariables>;
export const SuspendPartnerDocument = {"__meta__":{"operationName":"SuspendPartner","operationType":"mutation","hash":"sha256:487b5fd87cdfcd9e8753f9d63a365641d822b09e71e5b7a1b747732e4d99b943"}} as unknown as DocumentNode<SuspendPartnerMutation, SuspendPartnerMutationVariables>;
export const ReinstatePartnerDocument = {"__meta__":{"operationName":"ReinstatePartner","operationType":"mutation","hash":"sha256:d375601e6a5f3c9e103527aa57618d4a2c398fdd11fdb79caa0559e586c99fc6"}} as unknown as DocumentNode<ReinstatePartnerMutation, ReinstatePartnerMutationVariables>;
export const NoticeWorkDocument = {"__meta__":{"operationName":"NoticeWork","operationType":"query","hash":"sha256:3b99845336d17da85d2a829e0e6ef276f6e1b3c5ec9022dbbf2808646e247e44"}} as unknown as DocumentNode<NoticeWorkQuery, NoticeWorkQueryVariables>;
export const CreateNoticeDraftDocument = {"__meta__":{"operationName":"CreateNoticeDraft","operationType":"mutation","hash":"sha256:673bf425eb1e2a8f3fdf6a58de4c733daa8496f501417493daef826988978b07"}} as unknown as DocumentNode<CreateNoticeDraftMutation, CreateNoticeDraftMutationVariables>;
export const UpdateNoticeDraftDocument = {"__meta__":{"operationName":"UpdateNoticeDraft","operationType":"mutation","hash":"sha256:8d502157d6a0c7be9753204219a6ffee66e19c3db59b2c242a87d9c7db8aba17"}} as unknown as DocumentNode<UpdateNoticeDraftMutation, UpdateNoticeDraftMutationVariables>;
export const NoticeDraftDiffDocument = {"__meta__":{"operationName":"NoticeDraftDiff","operationType":"query","hash":"sha256:41df5d06c6dbaacecef6e801a05b9d01bd6e017d04e502f6122d10c03720c10f"}} as unknown as DocumentNode<NoticeDraftDiffQuery, NoticeDraftDiffQueryVariables>;
export const PublishNoticeDraftDocument = {"__meta__":{"operationName":"PublishNoticeDraft","operationType":"mutation","hash":"sha256:c55e725c5d133e2b741cb95148a204622a115cf838cfe4bff9694b8e0448869a"}} as unknown as DocumentNode<PublishNoticeDraftMutation, PublishNoticeDraftMutationVariables>;
export const OperatorAuditDocument = {"__meta__":{"operationName":"OperatorAudit","operationType":"query","hash":"sha256:1ed5f33045d525e2ddce4be849cd626d2fa0e9f910216fc0599fcfb06c559355"}} as unknown as DocumentNode<OperatorAuditQuery, OperatorAuditQueryVariables>;
export const RequestQueueDocument = {"__meta__":{"operationName":"RequestQueue","operationType":"query","hash":"sha256:587ed8c930ea33a09f88515904590abb48bdf562b88233ec508f31b910c407c9"}} as unknown as DocumentNode<RequestQueueQuery, RequestQueueQueryVariables>;
export const AnswerRequestDocument = {"__meta__":{"operationName":"AnswerRequest","operationType":"mutation","hash":"sha256:66cd3e3a3a1d680a9deca39ba1c47203a6bcfa41f00bc9ed84400419497480c8"}} as unknown as DocumentNode<AnswerRequestMutation, AnswerRequestMutationVariables>;
export const SupportViewDocument = {"__meta__":{"operationName":"SupportView","operationType":"query","hash":"sha256:07965406a82a16b9db6463096209a94e4b19edc7f229d3b42042cbc631329ab6"}} as unknown as DocumentNode<SupportViewQuery, SupportViewQueryVariables>;
export const DisclosureRecordsDocument = {"__meta__":{"operationName":"DisclosureRecords","operationType":"query","hash":"sha256:17f71a12d4a95a902da95f8989feb106149cf90ec04828657ff7f6c42fd0240a"}} as unknown as DocumentNode<DisclosureRecordsQuery, DisclosureRecordsQueryVariables>;
export const RecordDisclosureDocument = {"__meta__":{"operationName":"RecordDisclosure","operationType":"mutation","hash":"sha256:b1b2a81a63997b1ef9a9534d1ebc7c7afe6ceb40ddc7eaa6f1498dd8c4b338a3"}} as unknown as DocumentNode<RecordDisclosureMutation, RecordDisclosureMutationVariables>;
export const IncidentsDocument = {"__meta__":{"operationName":"Incidents","operationType":"query","hash":"sha256:8d38029b73ec94243fb01d7bbe7a6d3d6ea75c5645e4ee1f1672375d8122dbdf"}} as unknown as DocumentNode<IncidentsQuery, IncidentsQueryVariables>;
export const AffectedCountDocument = {"__meta__":{"operationName":"AffectedCount","operationType":"query","hash":"sha256:7f6e1b661d8ffd9f0ce8860d4a6c56167ee76b2393d3faed5efb4d253dad8dd9"}} as unknown as DocumentNode<AffectedCountQuery, AffectedCountQueryVariables>;
export const RecordBreachDocument = {"__meta__":{"operationName":"RecordBreach","operationType":"mutation","hash":"sha256:b107cfb6993936f3da93ddbbfe9d2ed24c407108d94b6348f0be399eadd74b09"}} as unknown as DocumentNode<RecordBreachMutation, RecordBreachMutationVariables>;
export const SendBreachNoticeDocument = {"__meta__":{"operationName":"SendBreachNotice","operationType":"mutation","hash":"sha256:4e23fc751fd196c22a04881dbcbd1083d5ced0f67526203b93260d8732caca7c"}} as unknown as DocumentNode<SendBreachNoticeMutation, SendBreachNoticeMutationVariables>;