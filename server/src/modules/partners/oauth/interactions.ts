// The interaction backend the consent page (PWA, /authorize/<uid>) calls. It lives under the
// interaction path because the provider binds its interaction cookie to that path. The person is
// whoever the PWA session says; the consent they give becomes, in one transaction, an oidc Grant
// and a consent-ledger grant with the same categories and expiry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { errors } from 'oidc-provider';
import { z } from 'zod';
import { isSensitive, isDataCategory, type DataCategory, type InteractionDetails, type Purpose } from '@shebao/vocabulary';
import { partnerByClientId } from './partner-clients.js';
import type { OAuthServer } from './oauth-server.js';

/** What the person agreed to on the consent screen. */
export type PartnerConsent = { accountId: string; partnerId: string; categories: DataCategory[]; purpose: Purpose; expiresAt: Date };

/** The ledger side of a partner grant (the consent module, wired in the composition root). */
export interface OAuthConsentPort {
  /** The signed-in person behind this browser request (the PWA's session cookie), or null. */
  authenticate(request: FastifyRequest): Promise<string | null>;
  /**
   * Records the grant in the consent ledger and, inside the same transaction (run through
   * `inTransaction`), calls `saveGrant`, the authorization server's side, whose grant id the
   * ledger keeps. Either both are written or neither; a failure aborts the authorization.
   */
  recordGrant(consent: PartnerConsent, saveGrant: () => Promise<string>): Promise<void>;
}

/** The purpose under which the notice shares data with a named partner. */
export const PARTNER_GRANT_PURPOSE: Purpose = 'PARTNER_SHARING';
const DAY_S = 86_400;

export class InteractionError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const consentBody = z
  .object({
    categories: z.array(z.string()).min(1).max(50),
    days: z.number().int().min(1),
  })
  .strict();

type Raw = { req: IncomingMessage; res: ServerResponse };

export class OAuthInteractions {
  constructor(
    private readonly server: OAuthServer,
    private readonly port: OAuthConsentPort,
  ) {}

  async details(uid: string, request: FastifyRequest, raw: Raw): Promise<InteractionDetails> {
    const { interaction, partner, requested } = await this.load(uid, raw);
    const accountId = await this.port.authenticate(request);
    return {
      uid: interaction.uid,
      signedIn: accountId !== null,
      partner: {
        clientId: partner.clientId,
        name: { zh: partner.name, en: partner.nameEn },
        description: { zh: partner.description, en: partner.descriptionEn },
        contact: partner.contact,
        purposes: partner.purposes.length > 0 ? partner.purposes : [{ zh: partner.description, en: partner.descriptionEn }],
      },
      purpose: PARTNER_GRANT_PURPOSE,
      requestedCategories: requested.map((category) => ({ category, sensitive: isSensitive(category) })),
      maxDays: partner.maxGrantDays,
    };
  }

  /** The person grants `categories` (a subset of those asked) for `days`; answers where the browser goes next. */
  async consent(uid: string, request: FastifyRequest, raw: Raw, body: unknown): Promise<{ redirectTo: string }> {
    const accountId = await this.port.authenticate(request);
    if (!accountId) throw new InteractionError(401, 'login_required', 'sign in to answer this request');
    const { partner, requested } = await this.load(uid, raw);
    const parsed = consentBody.safeParse(body);
    if (!parsed.success) throw new InteractionError(400, 'invalid_request', 'expected { categories: [...], days }');
    const granted = [...new Set(parsed.data.categories)];
    if (!granted.every((c): c is DataCategory => isDataCategory(c) && requested.includes(c))) {
      throw new InteractionError(400, 'invalid_request', 'categories must be among those requested');
    }
    if (parsed.data.days > partner.maxGrantDays) throw new InteractionError(400, 'invalid_request', `days must be at most ${partner.maxGrantDays}`);

    const { provider, resource } = this.server;
    const expiresIn = parsed.data.days * DAY_S;
    const expiresAt = new Date(Date.now() + expiresIn * 1000);
    // `expiresIn` is a BaseToken option the type definitions leave out: the grant ends with the consent.
    const grant = new provider.Grant({ accountId, clientId: partner.clientId, expiresIn } as ConstructorParameters<typeof provider.Grant>[0]);
    grant.addResourceScope(resource, granted.join(' '));
    // Without the rejection the provider would see the rest as still to ask, and prompt again.
    const ungranted = requested.filter((c) => !granted.includes(c));
    if (ungranted.length > 0) grant.rejectResourceScope(resource, ungranted.join(' '));
    let grantId = '';
    await this.port.recordGrant({ accountId, partnerId: partner.id, categories: granted as DataCategory[], purpose: PARTNER_GRANT_PURPOSE, expiresAt }, async () => {
      grantId = await grant.save();
      // One live grant per person and partner, as in the ledger: the new consent replaces the old.
      await this.server.revokePartnerGrant(accountId, partner.id, { except: grantId });
      return grantId;
    });
    const redirectTo = await provider.interactionResult(
      raw.req,
      raw.res,
      { login: { accountId, remember: false }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return { redirectTo };
  }

  /** The person declines: the partner gets `access_denied`. Needs no sign-in. */
  async refuse(uid: string, raw: Raw): Promise<{ redirectTo: string }> {
    await this.load(uid, raw);
    const redirectTo = await this.server.provider.interactionResult(
      raw.req,
      raw.res,
      { error: 'access_denied', error_description: 'the person declined the request' },
      { mergeWithLastSubmission: false },
    );
    return { redirectTo };
  }

  private async load(uid: string, raw: Raw) {
    let interaction;
    try {
      interaction = await this.server.provider.interactionDetails(raw.req, raw.res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound || error instanceof errors.InvalidRequest) {
        throw new InteractionError(400, 'invalid_request', 'no such authorization request in this browser, or it expired');
      }
      throw error;
    }
    if (interaction.uid !== uid) throw new InteractionError(400, 'invalid_request', 'no such authorization request in this browser, or it expired');
    if (interaction.prompt.name !== 'login' && interaction.prompt.name !== 'consent') {
      throw new InteractionError(400, 'invalid_request', 'this request needs no consent');
    }
    const clientId = interaction.params.client_id;
    const partner = typeof clientId === 'string' ? await partnerByClientId(this.server.db, clientId) : undefined;
    // The provider's client store decides whether the partner may be used now (active, valid).
    if (!partner || !(await this.server.provider.Client.find(partner.clientId))) throw new InteractionError(400, 'invalid_client', 'the partner is not available');
    const scope = interaction.params.scope;
    const requested = (typeof scope === 'string' ? scope.split(' ') : []).filter(
      (c): c is DataCategory => isDataCategory(c) && partner.registeredCategories.includes(c),
    );
    return { interaction, partner, requested };
  }
}
