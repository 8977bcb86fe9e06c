// Registering a partner: what an operator hands in (a JSON file, see partner-add.cli.ts), checked
// once here, so every row in `partners` can become an OAuth client as it is.
import { randomBytes } from 'node:crypto';
import { ALL_CATEGORIES, type DataCategory } from '@shebao/vocabulary';
import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import { partners } from '../../db/schema.js';
import { hashPassword } from '../accounts/index.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Key parameters that only a private (or symmetric) key has: a registered JWKS must carry none. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

const localized = z.object({ zh: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) }).strict();

const publicJwk = z
  .looseObject({ kty: z.enum(['EC', 'RSA', 'OKP']), use: z.literal('sig').optional(), kid: z.string().min(1).optional(), alg: z.string().optional() })
  .refine((jwk) => PRIVATE_JWK_MEMBERS.every((member) => !(member in jwk)), 'must be a public key (no private members)');

const clientAuth = z.discriminatedUnion('method', [
  z.object({ method: z.literal('private_key_jwt'), jwks: z.object({ keys: z.array(publicJwk).min(1).max(10) }).strict() }).strict(),
  /** Sandbox only. The secret is generated unless given; only its argon2 hash is stored. */
  z.object({ method: z.literal('client_secret_basic'), secret: z.string().min(32).optional() }).strict(),
]);

export const partnerRegistrationSchema = z
  .object({
    clientId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, dot, dash or underscore; 3 to 64 characters')
      .optional(),
    name: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(2000),
    descriptionEn: z.string().trim().min(1).max(2000),
    contact: z.union([z.email(), z.url({ protocol: /^https$/ })]),
    purposes: z.array(localized).min(1).max(10),
    registeredCategories: z
      .array(z.enum(ALL_CATEGORIES as [DataCategory, ...DataCategory[]]))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a category'),
    redirectUris: z.array(z.url()).min(1).max(10),
    clientAuth,
    sandbox: z.boolean().default(false),
    dpopRequired: z.boolean().default(false),
    maxGrantDays: z.number().int().min(1).max(3650).default(365),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.clientAuth.method === 'client_secret_basic' && !input.sandbox) {
      ctx.addIssue({ code: 'custom', path: ['clientAuth', 'method'], message: 'client_secret_basic is for sandbox partners only; register a JWKS (private_key_jwt)' });
    }
    const hosts = new Set<string>();
    input.redirectUris.forEach((value, i) => {
      const problem = redirectUriProblem(value, input.sandbox);
      if (problem) ctx.addIssue({ code: 'custom', path: ['redirectUris', i], message: problem });
      else hosts.add(new URL(value).host);
    });
    // Pairwise subjects are per sector; one redirect host per partner keeps the sector unambiguous.
    if (hosts.size > 1) ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'all redirect URIs must share one host' });
  });

export type PartnerRegistration = z.input<typeof partnerRegistrationSchema>;

/** Why a redirect URI may not be registered, or null: https (http on loopback for sandboxes), no fragment. */
export function redirectUriProblem(value: string, sandbox: boolean): string | null {
  const url = URL.parse(value);
  if (!url) return 'must be an absolute URL';
  if (url.hash || value.includes('#')) return 'must not have a fragment';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && sandbox && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return sandbox ? 'must use https (or http on a loopback address)' : 'must use https';
}

export class PartnerRegistrationError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly problems: string[]) {
    super(`Invalid partner registration:\n  ${problems.join('\n  ')}`);
  }
}

export function parsePartnerRegistration(input: unknown) {
  const parsed = partnerRegistrationSchema.safeParse(input);
  if (!parsed.success) {
    throw new PartnerRegistrationError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

/**
 * Inserts one partner. Returns its ids and, for a sandbox secret the operator did not supply, the
 * generated secret: shown once, never stored in plain form.
 */
export async function registerPartner(db: Executor, input: unknown): Promise<{ id: string; clientId: string; clientSecret?: string }> {
  const registration = parsePartnerRegistration(input);
  const clientId = registration.clientId ?? `p-${randomBytes(8).toString('hex')}`;
  const auth = registration.clientAuth;
  const generatedSecret = auth.method === 'client_secret_basic' && !auth.secret ? randomBytes(32).toString('base64url') : undefined;
  const secret = auth.method === 'client_secret_basic' ? (auth.secret ?? generatedSecret!) : undefined;
  const [row] = await db
    .insert(partners)
    .values({
      clientId,
      // The column predates key-based partners and is NOT NULL: '' means "no secret".
      clientSecretHash: secret ? await hashPassword(secret) : '',
      name: registration.name,
      nameEn: registration.nameEn,
      description: registration.description,
      descriptionEn: registration.descriptionEn,
      contact: registration.contact,
      purposes: registration.purposes,
      registeredCategories: registration.registeredCategories,
      redirectUris: registration.redirectUris,
      clientAuthMethod: auth.method,
      jwks: auth.method === 'private_key_jwt' ? auth.jwks : null,
      sandbox: registration.sandbox,
      dpopRequired: registration.dpopRequired,
      maxGrantDays: registration.maxGrantDays,
    })
    .returning({ id: partners.id, clientId: partners.clientId });
  return { id: row!.id, clientId: row!.clientId, ...(generatedSecret ? { clientSecret: generatedSecret } : {}) };
}
