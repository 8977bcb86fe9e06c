// Development researcher tokens: ES256 JWTs for aggregate-only reads. (Partners get OAuth access
// tokens from the authorization server instead; see oauth/ and partner-access.service.ts.)
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { Principal } from '../../authz/principal.js';
import type { SigningKeys } from '../../config/secrets.js';

const TOKEN_ISSUER = 'shebao';
const RESEARCHER_TOKEN_TTL_S = 8 * 3600;

type TokenClaims = JWTPayload & { typ: 'researcher' };

export class ResearcherTokenService {
  constructor(private readonly signing: SigningKeys) {}

  async issue(researcherId: string): Promise<string> {
    const { kid, key } = this.signing.signer();
    return new SignJWT({ typ: 'researcher' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(researcherId)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + RESEARCHER_TOKEN_TTL_S)
      .sign(key);
  }

  /** Null for a token that is malformed, badly signed, expired or not a researcher's. */
  async principalForToken(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify<TokenClaims>(token, (header) => this.signing.verificationKey(header), { issuer: TOKEN_ISSUER, algorithms: ['ES256'] });
      return payload.typ === 'researcher' && payload.sub ? { kind: 'researcher', researcherId: payload.sub } : null;
    } catch {
      return null;
    }
  }
}
