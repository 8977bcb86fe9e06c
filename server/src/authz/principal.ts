// Who is asking. Every decision that depends on the kind of principal is an exhaustive switch
// ending in `assertNever`: a new kind (an operator, an OAuth partner) does not compile until each
// of them says what that kind may do.
import type { DataCategory } from '@shebao/vocabulary';
import { assertNever } from '../lib/assert-never.js';

/** Who is asking. The subject of personal data is fixed by the credential, never by an argument. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'person'; accountId: string; sessionId: string; consentVersion: number }
  | {
      kind: 'partner';
      partnerId: string;
      partnerName: string;
      tokenId: string;
      /** The person the token was issued for. */
      accountId: string;
      scopes: readonly DataCategory[];
      registeredCategories: readonly DataCategory[];
      consentVersion: number;
    }
  | { kind: 'researcher'; researcherId: string }
  /** Staff, on the operator endpoint only (`/operator/graphql`); never the subject of personal data. */
  | { kind: 'operator'; operatorId: string; sessionId: string; roles: readonly OperatorRole[] };

/** What an operator may be; each role is limited to its operations by `@Allow('operator', { roles })`. */
export const OPERATOR_ROLES = ['SUPPORT', 'PRIVACY_OFFICER', 'PARTNER_MANAGER', 'SECURITY_OFFICER'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** The person whose data the request reads, or null for principals without one. */
export function subjectOf(principal: Principal): string | null {
  switch (principal.kind) {
    case 'person':
    case 'partner':
      return principal.accountId;
    case 'researcher':
    case 'operator':
    case 'anonymous':
      return null;
  }
  return assertNever(principal);
}

export function consentVersionOf(principal: Principal): number | null {
  switch (principal.kind) {
    case 'person':
    case 'partner':
      return principal.consentVersion;
    case 'researcher':
    case 'operator':
    case 'anonymous':
      return null;
  }
  return assertNever(principal);
}

/** What an access record says about who read: null when no record is due (the person themself). */
export function accessRecordPrincipal(principal: Principal): { principalType: 'PARTNER'; principalId: string; partnerId: string } | null {
  switch (principal.kind) {
    case 'partner':
      return { principalType: 'PARTNER', principalId: principal.partnerId, partnerId: principal.partnerId };
    // Staff read personal data only through a person's support request, which records its own reads.
    case 'person':
    case 'researcher':
    case 'operator':
    case 'anonymous':
      return null;
  }
  return assertNever(principal);
}
