// The partner registry is oidc-provider's client store: `Client.find` reads the `partners` row on
// every request (a suspension counts at once), and a row becomes client metadata here.
import { eq } from 'drizzle-orm';
import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import { isDataCategory } from '@shebao/vocabulary';
import type { Executor } from '../../../db/database.js';
import { partners } from '../../../db/schema.js';
import { redirectUriProblem } from '../partner-registration.js';

/** Custom client metadata: the partner's row id, so token checks need no second look-up. */
export const PARTNER_ID_METADATA = 'urn:shebao:partner_id';
/**
 * Custom client metadata: the categories the partner is registered for, space-separated. (The
 * standard `scope` metadata may only list the provider's static scopes; categories are the
 * resource server's.)
 */
export const CATEGORIES_METADATA = 'urn:shebao:categories';

/** The registered categories of a provider Client. */
export function registeredCategoriesOf(client: object): Set<string> {
  const value = (client as Record<string, unknown>)[CATEGORIES_METADATA];
  return new Set(typeof value === 'string' && value ? value.split(' ') : []);
}

type PartnerRow = typeof partners.$inferSelect;

/** The columns of a `partners` row that its client metadata is made of (and nothing else). */
export const PARTNER_CLIENT_COLUMNS = {
  id: partners.id,
  clientId: partners.clientId,
  clientSecretHash: partners.clientSecretHash,
  nameEn: partners.nameEn,
  registeredCategories: partners.registeredCategories,
  redirectUris: partners.redirectUris,
  active: partners.active,
  clientAuthMethod: partners.clientAuthMethod,
  jwks: partners.jwks,
  sandbox: partners.sandbox,
  dpopRequired: partners.dpopRequired,
};
export type PartnerClientRow = Pick<PartnerRow, keyof typeof PARTNER_CLIENT_COLUMNS>;

/** Outside production: the public URL, for the GraphiQL client's redirect back to `/graphiql`. */
export type DevelopmentClients = { publicUrl: string };

/**
 * Client metadata for an active, consistently registered partner; undefined otherwise (the
 * provider then answers `invalid_client`). Every partner is confidential, uses code + PKCE through
 * PAR, and gets pairwise subjects. Sandbox partners alone may authenticate with a secret, which is
 * the argon2 hash here: `compareClientSecret` verifies against it (see oauth-provider.ts).
 */
export function clientMetadataFor(row: PartnerClientRow, development?: DevelopmentClients): ClientMetadata | undefined {
  if (!row.active) return undefined;
  if (row.clientAuthMethod === 'none') return development && row.sandbox ? graphiqlClientMetadata(row, development) : undefined;
  const hosts = new Set(row.redirectUris.map((uri) => URL.parse(uri)?.host));
  if (row.redirectUris.length === 0 || hosts.size !== 1 || row.redirectUris.some((uri) => redirectUriProblem(uri, row.sandbox))) return undefined;
  const base: ClientMetadata = {
    client_id: row.clientId,
    client_name: row.nameEn,
    redirect_uris: row.redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    require_pushed_authorization_requests: true,
    dpop_bound_access_tokens: row.dpopRequired,
    subject_type: 'pairwise',
    [PARTNER_ID_METADATA]: row.id,
    [CATEGORIES_METADATA]: row.registeredCategories.filter(isDataCategory).join(' '),
  };
  if (row.clientAuthMethod === 'private_key_jwt') {
    if (!row.jwks?.keys?.length) return undefined;
    return { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: row.jwks as ClientMetadata['jwks'] };
  }
  if (row.clientAuthMethod === 'client_secret_basic' && row.sandbox && row.clientSecretHash) {
    return { ...base, token_endpoint_auth_method: 'client_secret_basic', client_secret: row.clientSecretHash };
  }
  return undefined;
}

/**
 * GraphiQL's "as partner" in development: a public client (PKCE, no secret) whose one redirect URI
 * is the GraphiQL page itself, at the public URL. The row gives it a partner id and categories.
 */
function graphiqlClientMetadata(row: PartnerClientRow, development: DevelopmentClients): ClientMetadata {
  return {
    client_id: row.clientId,
    client_name: row.nameEn,
    redirect_uris: [`${development.publicUrl.replace(/\/+$/, '')}/graphiql`],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    require_pushed_authorization_requests: true,
    token_endpoint_auth_method: 'none',
    subject_type: 'pairwise',
    [PARTNER_ID_METADATA]: row.id,
    [CATEGORIES_METADATA]: row.registeredCategories.filter(isDataCategory).join(' '),
  };
}

/** The provider's `Client` model adapter: read-only, backed by the partner registry. */
export class PartnerClientAdapter implements Adapter {
  constructor(
    private readonly db: Executor,
    private readonly development?: DevelopmentClients,
  ) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db.select(PARTNER_CLIENT_COLUMNS).from(partners).where(eq(partners.clientId, clientId));
    return row ? this.metadataFor(row) : undefined;
  }

  /** What `find` makes of a row read elsewhere (the resource's token check reads it in its own statement). */
  metadataFor(row: PartnerClientRow): ClientMetadata | undefined {
    return clientMetadataFor(row, this.development);
  }

  upsert(): Promise<void> {
    return readOnly();
  }
  findByUid(): Promise<undefined> {
    return readOnly();
  }
  findByUserCode(): Promise<undefined> {
    return readOnly();
  }
  consume(): Promise<void> {
    return readOnly();
  }
  destroy(): Promise<void> {
    return readOnly();
  }
  revokeByGrantId(): Promise<void> {
    return readOnly();
  }
}

function readOnly(): never {
  throw new Error('Partner clients are registered with `pnpm partner:add`, not through the provider');
}

export async function partnerByClientId(db: Executor, clientId: string): Promise<PartnerRow | undefined> {
  const [row] = await db.select().from(partners).where(eq(partners.clientId, clientId));
  return row;
}

export async function clientIdOfPartner(db: Executor, partnerId: string): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(partnerId)) return undefined;
  const [row] = await db.select({ clientId: partners.clientId }).from(partners).where(eq(partners.id, partnerId));
  return row?.clientId;
}
