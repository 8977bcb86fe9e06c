// Partner access tokens: ES256 JWTs that carry no personal data (no subject claim), backed by a
// row that binds them to one person, one partner and a set of scopes. Every request re-checks the
// row (revocation) and the person's grant (consent), so both take effect on the next request.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import { loadConsentState } from '../../authz/access-decision.js';
import { grantedCategories } from '../../authz/consent-state.js';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { Principal } from '../../authz/principal.js';
import type { Secrets } from '../../config/secrets.js';
import type { Database } from '../../db/database.js';
import { accounts, partners, partnerTokens } from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import type { PartnerDirectory } from './partners.data.js';

const TOKEN_ISSUER = 'shebao';
const PARTNER_TOKEN_TTL_S = 3600;
const RESEARCHER_TOKEN_TTL_S = 8 * 3600;

type TokenClaims = JWTPayload & { typ: 'partner' | 'researcher'; client_id?: string; scope?: string };

export class PartnerTokenService {
  constructor(
    private readonly db: Database,
    private readonly secrets: Pick<Secrets, 'signingKey' | 'verifyKey' | 'publicJwk'>,
    private readonly notices: NoticeRegistry,
    private readonly directory: PartnerDirectory,
  ) {}

  /**
   * Issues a token for one person to one partner. Scopes must be categories the partner is
   * registered for and the person currently grants to that partner.
   */
  async issue(args: { partnerClientId: string; accountId: string; scopes: string[] }): Promise<{ token: string; expiresAt: Date; scopes: DataCategory[] }> {
    const partner = await this.directory.activeByClientId(args.partnerClientId);
    if (!partner) throw appError('NOT_FOUND', 'No such partner');
    const scopes = [...new Set(args.scopes)];
    if (scopes.length === 0 || !scopes.every(isDataCategory)) throw appError('BAD_USER_INPUT', 'Scopes must be data categories');
    const unregistered = scopes.filter((s) => !partner.registeredCategories.includes(s));
    if (unregistered.length) throw appError('BAD_USER_INPUT', 'The partner is not registered for some scopes', { scopes: unregistered });
    const state = await loadConsentState(this.db, args.accountId, this.notices);
    const granted = grantedCategories(state, 'PARTNER_SHARING', 'PARTNER', partner.id);
    const ungranted = scopes.filter((s) => !granted.has(s));
    if (ungranted.length) throw appError('CONSENT_REQUIRED', 'The person has not granted these categories to this partner', { scopes: ungranted });
    const expiresAt = new Date(Date.now() + PARTNER_TOKEN_TTL_S * 1000);
    const [row] = await this.db.insert(partnerTokens).values({ partnerId: partner.id, accountId: args.accountId, scopes, expiresAt }).returning();
    const token = await this.sign({ typ: 'partner', client_id: partner.clientId, scope: scopes.join(' ') }, row!.jti, expiresAt);
    return { token, expiresAt, scopes };
  }

  async issueResearcherToken(researcherId: string): Promise<string> {
    const expiresAt = new Date(Date.now() + RESEARCHER_TOKEN_TTL_S * 1000);
    return this.sign({ typ: 'researcher', sub: researcherId }, crypto.randomUUID(), expiresAt);
  }

  /** Null for a token that is malformed, badly signed, expired, revoked or of an inactive partner. */
  async principalForToken(token: string): Promise<Principal | null> {
    let claims: TokenClaims;
    try {
      ({ payload: claims } = (await jwtVerify(token, this.secrets.verifyKey, { issuer: TOKEN_ISSUER, algorithms: ['ES256'] })) as { payload: TokenClaims });
    } catch {
      return null;
    }
    if (claims.typ === 'researcher' && claims.sub) return { kind: 'researcher', researcherId: claims.sub };
    if (claims.typ !== 'partner' || !claims.jti) return null;
    const [row] = await this.db
      .select({
        tokenId: partnerTokens.jti,
        accountId: partnerTokens.accountId,
        scopes: partnerTokens.scopes,
        partnerId: partners.id,
        partnerName: partners.name,
        registeredCategories: partners.registeredCategories,
        consentVersion: accounts.consentVersion,
      })
      .from(partnerTokens)
      .innerJoin(partners, and(eq(partners.id, partnerTokens.partnerId), eq(partners.active, true)))
      .innerJoin(accounts, eq(accounts.id, partnerTokens.accountId))
      .where(and(eq(partnerTokens.jti, claims.jti), isNull(partnerTokens.revokedAt), gt(partnerTokens.expiresAt, new Date())));
    if (!row) return null;
    return {
      kind: 'partner',
      ...row,
      scopes: row.scopes.filter(isDataCategory),
      registeredCategories: row.registeredCategories.filter(isDataCategory),
    };
  }

  private sign(claims: Record<string, unknown>, jti: string, expiresAt: Date): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.secrets.publicJwk.kid, typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setJti(jti)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.secrets.signingKey);
  }
}
