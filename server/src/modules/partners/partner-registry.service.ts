// The partner registry as the partner manager works it: register, edit, suspend, reinstate. Each
// change is checked like `pnpm partner:add` (partner-registration.ts) and written with its audit
// entry in one transaction. Suspension also ends every grant the partner holds (PartnerAccessService).
import { and, asc, count, eq, gt, isNull, or } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import type { Database } from '../../db/database.js';
import { oauthModels, partners } from '../../db/schema.js';
import { uuidArgument } from '../../graphql/arguments.js';
import { appError } from '../../lib/errors.js';
import type { OperatorAuditPort } from '../operators/index.js';
import type { PartnerAccessService } from './partner-access.service.js';
import { parsePartnerRegistration, PartnerRegistrationError, registerPartner } from './partner-registration.js';
import type { PartnerRegistrationInput, RegistryPartner } from './partner-registry.types.js';

type PartnerRow = typeof partners.$inferSelect;

/** The registration file's shape from the console's input (JWKS: private_key_jwt; none: a sandbox secret). */
function registrationOf(input: PartnerRegistrationInput, clientId?: string) {
  return {
    ...(clientId ?? input.clientId ? { clientId: clientId ?? input.clientId } : {}),
    name: input.name,
    nameEn: input.nameEn,
    description: input.description,
    descriptionEn: input.descriptionEn,
    contact: input.contact,
    purposes: input.purposes.map((p) => ({ zh: p.zh, en: p.en })),
    registeredCategories: input.registeredCategories,
    redirectUris: input.redirectUris,
    clientAuth: input.jwks == null ? { method: 'client_secret_basic' } : { method: 'private_key_jwt', jwks: input.jwks },
    sandbox: input.sandbox,
    dpopRequired: input.dpopRequired,
    maxGrantDays: input.maxGrantDays,
  };
}

/** The registration's problems as one BAD_USER_INPUT naming the first field (messages never repeat a value). */
function invalid(error: PartnerRegistrationError): never {
  const field = error.problems[0]?.split(':')[0];
  throw appError('BAD_USER_INPUT', `Invalid partner registration: ${error.problems.join('; ')}`, field && field !== '(root)' ? { field } : {});
}

export class PartnerRegistryService {
  constructor(
    private readonly db: Database,
    private readonly access: Pick<PartnerAccessService, 'suspendPartner'>,
    private readonly audit: OperatorAuditPort,
  ) {}

  async list(): Promise<RegistryPartner[]> {
    const rows = await this.db.select().from(partners).orderBy(asc(partners.createdAt), asc(partners.clientId));
    const grants = await this.db
      .select({ clientId: oauthModels.clientId, n: count() })
      .from(oauthModels)
      .where(and(eq(oauthModels.model, 'Grant'), or(isNull(oauthModels.expiresAt), gt(oauthModels.expiresAt, new Date()))))
      .groupBy(oauthModels.clientId);
    const byClient = new Map(grants.map((g) => [g.clientId, Number(g.n)]));
    return rows.map((row) => this.view(row, byClient.get(row.clientId) ?? 0));
  }

  async get(id: string): Promise<RegistryPartner | null> {
    return (await this.list()).find((p) => p.id === uuidArgument(id, 'id')) ?? null;
  }

  async register(operatorId: string, input: PartnerRegistrationInput): Promise<{ partner: RegistryPartner; clientSecret: string | null }> {
    try {
      parsePartnerRegistration(registrationOf(input));
    } catch (error) {
      if (error instanceof PartnerRegistrationError) invalid(error);
      throw error;
    }
    const registered = await this.db
      .transaction(async (tx) => {
        const created = await registerPartner(tx, registrationOf(input));
        await this.audit.append(tx, {
          operatorId,
          action: 'partner.register',
          target: `partner:${created.id}`,
          detail: { clientId: created.clientId, categories: input.registeredCategories, dpopRequired: input.dpopRequired, maxGrantDays: input.maxGrantDays },
        });
        return created;
      })
      .catch((error: unknown) => {
        if ((error as { cause?: { code?: string } }).cause?.code === '23505') throw appError('BAD_USER_INPUT', 'A partner with this client id is already registered', { field: 'clientId' });
        throw error;
      });
    return { partner: (await this.get(registered.id))!, clientSecret: registered.clientSecret ?? null };
  }

  /**
   * Edits everything but the client id and (for a sandbox) its secret. Narrowing the categories
   * takes effect at the next request of every token (the decision intersects with the registration).
   */
  async update(operatorId: string, id: string, input: PartnerRegistrationInput): Promise<RegistryPartner> {
    const partnerId = uuidArgument(id, 'id');
    const [row] = await this.db.select().from(partners).where(eq(partners.id, partnerId));
    if (!row || row.clientAuthMethod === 'none') throw appError('NOT_FOUND', 'No such partner');
    let checked;
    try {
      // A sandbox keeps its secret: checked as if the same secret method were asked again.
      checked = parsePartnerRegistration({ ...registrationOf(input, row.clientId) });
    } catch (error) {
      if (error instanceof PartnerRegistrationError) invalid(error);
      throw error;
    }
    const auth = checked.clientAuth;
    if (auth.method === 'client_secret_basic' && row.clientAuthMethod !== 'client_secret_basic') {
      throw appError('BAD_USER_INPUT', 'A partner that authenticates with keys needs its JWKS', { field: 'jwks' });
    }
    const before = { categories: row.registeredCategories, redirectUris: row.redirectUris, dpopRequired: row.dpopRequired, maxGrantDays: row.maxGrantDays };
    await this.db.transaction(async (tx) => {
      await tx
        .update(partners)
        .set({
          name: checked.name,
          nameEn: checked.nameEn,
          description: checked.description,
          descriptionEn: checked.descriptionEn,
          contact: checked.contact,
          purposes: checked.purposes,
          registeredCategories: checked.registeredCategories,
          redirectUris: checked.redirectUris,
          sandbox: checked.sandbox,
          dpopRequired: checked.dpopRequired,
          maxGrantDays: checked.maxGrantDays,
          ...(auth.method === 'private_key_jwt' ? { clientAuthMethod: 'private_key_jwt' as const, jwks: auth.jwks } : {}),
        })
        .where(eq(partners.id, partnerId));
      await this.audit.append(tx, {
        operatorId,
        action: 'partner.update',
        target: `partner:${partnerId}`,
        detail: {
          before,
          after: { categories: checked.registeredCategories, redirectUris: checked.redirectUris, dpopRequired: checked.dpopRequired, maxGrantDays: checked.maxGrantDays },
          keysReplaced: auth.method === 'private_key_jwt',
        },
      });
    });
    return (await this.get(partnerId))!;
  }

  /** Every token refused from the next request on and every grant ended, with the audit entry, in one transaction. */
  async suspend(operatorId: string, id: string): Promise<{ partner: RegistryPartner; endedGrants: number }> {
    const partnerId = uuidArgument(id, 'id');
    const exists = await this.db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
    if (exists.length === 0) throw appError('NOT_FOUND', 'No such partner');
    const endedGrants = await this.access.suspendPartner(partnerId, (tx, ended) =>
      this.audit.append(tx, { operatorId, action: 'partner.suspend', target: `partner:${partnerId}`, detail: { endedGrants: ended } }),
    );
    return { partner: (await this.get(partnerId))!, endedGrants };
  }

  /** Active again; the grants that ended stay ended: people decide anew. */
  async reinstate(operatorId: string, id: string): Promise<RegistryPartner> {
    const partnerId = uuidArgument(id, 'id');
    await this.db.transaction(async (tx) => {
      const updated = await tx.update(partners).set({ active: true }).where(eq(partners.id, partnerId)).returning({ id: partners.id });
      if (updated.length === 0) throw appError('NOT_FOUND', 'No such partner');
      await this.audit.append(tx, { operatorId, action: 'partner.reinstate', target: `partner:${partnerId}` });
    });
    return (await this.get(partnerId))!;
  }

  private view(row: PartnerRow, activeGrants: number): RegistryPartner {
    return {
      id: row.id,
      clientId: row.clientId,
      name: row.name,
      nameEn: row.nameEn,
      description: row.description,
      descriptionEn: row.descriptionEn,
      contact: row.contact,
      purposes: row.purposes,
      registeredCategories: row.registeredCategories as DataCategory[],
      redirectUris: row.redirectUris,
      clientAuthMethod: row.clientAuthMethod,
      jwks: row.jwks,
      sandbox: row.sandbox,
      dpopRequired: row.dpopRequired,
      maxGrantDays: row.maxGrantDays,
      active: row.active,
      activeGrants,
      createdAt: row.createdAt,
    };
  }
}
