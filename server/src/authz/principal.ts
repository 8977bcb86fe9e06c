import type { DataCategory } from '@shebao/vocabulary';

/** Who is asking. The subject of personal data is fixed by the credential, never by an argument. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'person'; accountId: string; sessionId: string; consentVersion: number; isResearcher: boolean }
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
  | { kind: 'researcher'; researcherId: string };

export function subjectOf(principal: Principal): string | null {
  return principal.kind === 'person' || principal.kind === 'partner' ? principal.accountId : null;
}

export function consentVersionOf(principal: Principal): number | null {
  return principal.kind === 'person' || principal.kind === 'partner' ? principal.consentVersion : null;
}
