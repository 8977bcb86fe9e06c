// The consent ledger: grants and withdrawals are appended, never updated; the state is derived.
// A withdrawal, its consent-version bump and the deletion of data collected only for that
// purpose (by whichever module collected it, through its face) happen in one transaction, so a
// crash cannot leave half of it done.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { CompactSign } from 'jose';
import { ALL_CATEGORIES, isSensitive, recipientTypeFor, type DataCategory, type Purpose, type RecipientType } from '@shebao/vocabulary';
import { loadConsentState } from '../../authz/access-decision.js';
import { bumpConsentVersion as bumpVersion } from '../../authz/consent-version.js';
import { grantedCategories, type ConsentState as DerivedState } from '../../authz/consent-state.js';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { SigningKeys } from '../../config/secrets.js';
import type { Database, Executor } from '../../db/database.js';
import { accounts, consentEvents } from '../../db/schema.js';
import { uuidArgument } from '../../graphql/arguments.js';
import { withoutAccountId, type ModuleDeclarations } from '../../graphql/module.js';
import { appError } from '../../lib/errors.js';
import type { ConsentEvent, ConsentGrant, ConsentReceipt, ConsentState, GrantConsentInput, Recipient, RecipientInput, WithdrawConsentInput } from './consent.types.js';

/** A partner as consent needs it: who it is and what it is registered to receive. */
export type RegisteredPartner = { id: string; name: string; registeredCategories: readonly string[] };

export type ConsentDeps = {
  db: Database;
  notices: NoticeRegistry;
  /** Signs consent receipts. */
  signing: Pick<SigningKeys, 'signer'>;
  /** The partner registry (the partners module). */
  partners: { activePartner(id: string): Promise<RegisteredPartner | null>; names(ids: readonly string[]): Promise<Map<string, string>> };
  /** Real-name verification (the insurance module). */
  cards: { isLinked(accountId: string): Promise<boolean> };
  /** Every module's withdrawal: what it deletes when consent for the purpose it collected for ends. */
  declarations: Pick<ModuleDeclarations, 'withdrawals'>;
  /**
   * The authorization server's side of partner grants: a withdrawal from a partner ends its OAuth
   * grant (or takes the categories out of it) inside the withdrawal's own transaction.
   */
  partnerGrants?: PartnerGrantsPort;
};

export type PartnerGrantsPort = {
  /** `categories` empty: the whole grant ends (every token and code); otherwise those categories leave it. */
  withdrawn(tx: Executor, accountId: string, partnerId: string, categories: readonly DataCategory[]): Promise<void>;
};

/** A person's answer on a partner's consent screen (OAuth). */
export type PartnerGrantInput = { accountId: string; partnerId: string; categories: readonly DataCategory[]; expiresAt: Date };

const PARTNER_PURPOSE: Purpose = 'PARTNER_SHARING';
/** One onboarding step grants at most this many (each sensitive category is one). */
export const MAX_GRANTS_AT_ONCE = 20;

type PartnerRow = RegisteredPartner;

export class ConsentService {
  private readonly db: Database;
  private readonly notices: NoticeRegistry;

  constructor(private readonly deps: ConsentDeps) {
    this.db = deps.db;
    this.notices = deps.notices;
  }

  async grant(accountId: string, input: GrantConsentInput): Promise<ConsentReceipt> {
    return (await this.grantAll(accountId, [input]))[0]!;
  }

  /**
   * Several grants in one transaction with one consent-version bump: all are recorded, or none.
   * `onlyFirst`: only if the account has no consent event yet, else nothing is written and the
   * result is empty (first-start seeding, which another instance may be finishing at once).
   */
  async grantAll(accountId: string, inputs: readonly GrantConsentInput[], options: { onlyFirst?: boolean } = {}): Promise<ConsentReceipt[]> {
    const checked: Array<{ input: GrantConsentInput; categories: DataCategory[]; partner: PartnerRow | null }> = [];
    for (const input of inputs) checked.push(await this.checkGrant(accountId, input));
    const notFirst = Symbol('not first');
    return this.db
      .transaction(async (tx) => {
        // The bump locks the account row, so concurrent callers are serialised here.
        const version = await bumpConsentVersion(tx, accountId);
        if (options.onlyFirst && version !== 1) throw notFirst;
        const receipts: ConsentReceipt[] = [];
        for (const grant of checked) receipts.push(await this.appendGrant(tx, { accountId, ...grant, consentVersion: version }));
        return receipts;
      })
      .catch((error: unknown) => {
        if (error === notFirst) return [];
        throw error;
      });
  }

  private async checkGrant(accountId: string, input: GrantConsentInput): Promise<{ input: GrantConsentInput; categories: DataCategory[]; partner: PartnerRow | null }> {
    const current = this.notices.current();
    if (input.noticeVersion !== current.version) {
      throw appError('NOTICE_OUTDATED', 'The notice changed; read the current version and agree to it', { currentVersion: current.version });
    }
    const spec = this.notices.purposeSpec(input.purpose);
    if (!spec) throw appError('BAD_USER_INPUT', 'This purpose is not in the current notice');
    const categories = [...new Set(input.categories)];
    if (categories.length === 0) throw appError('BAD_USER_INPUT', 'Name at least one category');
    const outside = categories.filter((c) => !spec.categories.includes(c));
    if (outside.length) throw appError('BAD_USER_INPUT', 'Some categories are not used for this purpose', { categories: outside });
    // PIPL Art. 29: sensitive information needs its own, separate consent — never bundled.
    if (categories.length > 1 && categories.some(isSensitive)) {
      throw appError('SEPARATE_CONSENT_REQUIRED', 'Sensitive categories need a grant of their own, one category at a time');
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw appError('BAD_USER_INPUT', 'expiresAt must be in the future');
    return { input, categories, partner: await this.checkRecipient(accountId, input.purpose, input.recipient, categories) };
  }

  /**
   * A partner grant made on the OAuth consent screen: the same grant events the consent centre
   * writes (sensitive categories one per event, each with its signed receipt), in one transaction
   * with `saveGrant`, the authorization server's grant, whose id every event and receipt keeps.
   * The new grant replaces whatever the person had granted this partner before.
   */
  async grantToPartner(grant: PartnerGrantInput, saveGrant: (tx: Executor) => Promise<string>): Promise<ConsentReceipt[]> {
    const { accountId, partnerId, expiresAt } = grant;
    const categories = [...new Set(grant.categories)];
    const spec = this.notices.purposeSpec(PARTNER_PURPOSE);
    if (!spec || categories.length === 0 || categories.some((c) => !spec.categories.includes(c))) {
      throw appError('BAD_USER_INPUT', 'Some categories are not shared with partners under the current notice');
    }
    if (expiresAt.getTime() <= Date.now()) throw appError('BAD_USER_INPUT', 'expiresAt must be in the future');
    const recipient: RecipientInput = { type: 'PARTNER', partnerId };
    const partner = await this.checkRecipient(accountId, PARTNER_PURPOSE, recipient, categories);
    const input: GrantConsentInput = { noticeVersion: this.notices.current().version, purpose: PARTNER_PURPOSE, recipient, categories, expiresAt };
    // PIPL Art. 29: each sensitive category is a grant of its own, as in the consent centre.
    const groups = [categories.filter((c) => !isSensitive(c)), ...categories.filter(isSensitive).map((c) => [c])].filter((g) => g.length > 0);

    return this.db.transaction(async (tx) => {
      const oauthGrantId = await saveGrant(tx);
      // The bump before the ledger, as in `withdraw`: under the account's lock the grant replaced
      // is read and the events get their ids in commit order.
      const version = await bumpConsentVersion(tx, accountId);
      const before = grantedCategories(await loadConsentState(tx, accountId, this.notices), PARTNER_PURPOSE, 'PARTNER', partnerId);
      if (before.size > 0) await this.appendWithdrawal(tx, accountId, PARTNER_PURPOSE, 'PARTNER', partnerId, []);
      const receipts: ConsentReceipt[] = [];
      for (const group of groups) {
        receipts.push(await this.appendGrant(tx, { accountId, input: { ...input, categories: group }, categories: group, partner, consentVersion: version, oauthGrantId }));
      }
      return receipts;
    });
  }

  private async appendGrant(
    tx: Executor,
    args: { accountId: string; input: GrantConsentInput; categories: DataCategory[]; partner: PartnerRow | null; consentVersion: number; oauthGrantId?: string },
  ): Promise<ConsentReceipt> {
    const receiptId = randomUUID();
    const at = new Date();
    const payload = this.receiptPayload({ ...args, receiptId, at });
    const jws = await this.sign(payload);
    await tx.insert(consentEvents).values({
      accountId: args.accountId,
      kind: 'GRANT',
      noticeVersion: this.notices.current().version,
      purpose: args.input.purpose,
      recipientType: args.input.recipient.type,
      partnerId: args.partner?.id ?? null,
      categories: args.categories,
      expiresAt: args.input.expiresAt ?? null,
      receiptJws: jws,
      oauthGrantId: args.oauthGrantId ?? null,
      at,
    });
    return { id: receiptId, jws, payload, consentVersion: args.consentVersion };
  }

  private async appendWithdrawal(tx: Executor, accountId: string, purpose: Purpose, recipientType: RecipientType, partnerId: string | null, categories: DataCategory[]): Promise<void> {
    await tx.insert(consentEvents).values({ accountId, kind: 'WITHDRAW', noticeVersion: this.notices.current().version, purpose, recipientType, partnerId, categories });
  }

  async withdraw(accountId: string, input: WithdrawConsentInput): Promise<void> {
    const partnerId = input.recipient.type === 'PARTNER' ? requirePartnerId(input.recipient) : null;
    const categories = input.categories ? [...new Set(input.categories)] : [];
    await this.db.transaction(async (tx) => {
      // The bump first: it locks the account row, so the event's id (the ledger's order) is taken
      // in commit order. Appended before it, a withdrawal overtaken by a concurrent grant counted
      // as older than that grant, and the state said "granted" after the withdrawal had committed.
      await bumpConsentVersion(tx, accountId);
      await this.appendWithdrawal(tx, accountId, input.purpose, input.recipient.type, partnerId, categories);
      // The partner's OAuth grant ends with it (or loses the categories): its next request is refused.
      if (partnerId && input.purpose === PARTNER_PURPOSE) await this.deps.partnerGrants?.withdrawn(tx, accountId, partnerId, categories);
      // Data collected for this purpose goes with it, in the same transaction (a withdrawal without
      // categories withdraws them all). Only a withdrawal from the service itself collected anything.
      if (input.recipient.type === 'SERVICE') {
        const withdrawn = categories.length ? categories : ALL_CATEGORIES;
        for (const withdrawal of this.deps.declarations.withdrawals()) {
          if (withdrawal.purpose === input.purpose) await withdrawal.erase(tx, accountId, withdrawn);
        }
      }
    });
  }

  async state(accountId: string): Promise<ConsentState> {
    const [derived, [account]] = await Promise.all([
      loadConsentState(this.db, accountId, this.notices),
      this.db.select({ version: accounts.consentVersion }).from(accounts).where(eq(accounts.id, accountId)),
    ]);
    const receipts = await this.receiptsFor(accountId, derived);
    const partnerNames = await this.partnerNames(derived.grants.map((g) => g.partnerId));
    // One ConsentGrant per grant event and recipient, listing its categories still in force.
    const byEvent = new Map<string, ConsentGrant>();
    for (const grant of derived.grants) {
      const key = `${grant.eventId}|${grant.current}`;
      const existing = byEvent.get(key);
      if (existing) {
        existing.categories.push(grant.category);
        continue;
      }
      byEvent.set(key, {
        purpose: grant.purpose,
        recipient: this.recipient(grant.recipientType, grant.partnerId, partnerNames),
        categories: [grant.category],
        noticeVersion: grant.noticeVersion,
        grantedAt: grant.grantedAt,
        expiresAt: grant.expiresAt,
        current: grant.current,
        receipt: receipts.get(grant.eventId) ?? null,
      });
    }
    return {
      accountId,
      version: account?.version ?? 0,
      noticeVersion: this.notices.current().version,
      necessaryCategories: this.notices.necessaryCategories('SERVICE'),
      grants: [...byEvent.values()],
      renewalNeeded: derived.renewalNeeded,
    };
  }

  async history(accountId: string, first: number): Promise<ConsentEvent[]> {
    const rows = await this.db
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.accountId, accountId))
      .orderBy(desc(consentEvents.id))
      .limit(first);
    const names = await this.partnerNames(rows.map((r) => r.partnerId));
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind,
      purpose: row.purpose as Purpose,
      recipient: this.recipient(row.recipientType, row.partnerId, names),
      categories: row.categories as DataCategory[],
      noticeVersion: row.noticeVersion,
      at: row.at,
    }));
  }

  private async checkRecipient(accountId: string, purpose: Purpose, recipient: RecipientInput, categories: DataCategory[]): Promise<PartnerRow | null> {
    const expected: RecipientType = recipientTypeFor(purpose);
    if (recipient.type !== expected) throw appError('BAD_USER_INPUT', `This purpose goes to recipient type ${expected}`);
    if (expected === 'PLATFORM' && !(await this.deps.cards.isLinked(accountId))) {
      throw appError('CARD_NOT_LINKED', 'Link your social insurance card (real-name verification) first');
    }
    if (expected !== 'PARTNER') return null;
    const partner = await this.deps.partners.activePartner(requirePartnerId(recipient));
    if (!partner) throw appError('NOT_FOUND', 'No such partner');
    const unregistered = categories.filter((c) => !partner.registeredCategories.includes(c));
    if (unregistered.length) throw appError('BAD_USER_INPUT', 'The partner is not registered to receive some of these categories', { categories: unregistered });
    return partner;
  }

  private receiptPayload(args: {
    receiptId: string;
    accountId: string;
    input: GrantConsentInput;
    categories: DataCategory[];
    partner: PartnerRow | null;
    at: Date;
    consentVersion: number;
    oauthGrantId?: string;
  }): Record<string, unknown> {
    const notice = this.notices.current();
    const spec = this.notices.purposeSpec(args.input.purpose)!;
    return {
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'CN',
      consentTimestamp: Math.floor(args.at.getTime() / 1000),
      collectionMethod: 'explicit action in Shebao',
      consentReceiptID: args.receiptId,
      language: 'zh-CN',
      piiPrincipalId: args.accountId,
      piiControllers: [{ piiController: notice.content.controller.zh, contact: notice.content.contact }],
      policyUrl: `/privacy/notice/${notice.version}`,
      noticeVersion: notice.version,
      noticeHash: notice.contentHash,
      services: [
        {
          service: 'Shebao',
          purposes: [
            {
              purpose: args.input.purpose,
              purposeCategory: [spec.name.en],
              consentType: 'EXPLICIT',
              piiCategory: args.categories,
              primaryPurpose: args.input.purpose === 'SERVICE',
              termination: args.input.expiresAt ? args.input.expiresAt.toISOString() : 'until withdrawn',
              thirdPartyDisclosure: args.partner !== null || args.input.purpose === 'PLATFORM_SYNC',
              thirdPartyName: args.partner?.name ?? (args.input.purpose === 'PLATFORM_SYNC' ? '全国社会保障卡服务平台' : undefined),
            },
          ],
        },
      ],
      sensitive: args.categories.some(isSensitive),
      spiCat: args.categories.filter(isSensitive),
      consentVersion: args.consentVersion,
      // The authorization server's grant this consent is the other side of (partner OAuth).
      ...(args.oauthGrantId ? { authorizationGrantId: args.oauthGrantId } : {}),
    };
  }

  private sign(payload: Record<string, unknown>): Promise<string> {
    const { kid, key } = this.deps.signing.signer();
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'consent-receipt+jws' })
      .sign(key);
  }

  private async receiptsFor(accountId: string, state: DerivedState): Promise<Map<number, ConsentReceipt>> {
    const ids = [...new Set(state.grants.map((g) => g.eventId))];
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: consentEvents.id, jws: consentEvents.receiptJws })
      .from(consentEvents)
      .where(and(eq(consentEvents.accountId, accountId), inArray(consentEvents.id, ids)));
    const receipts = new Map<number, ConsentReceipt>();
    for (const row of rows) {
      if (!row.jws) continue;
      const payload = JSON.parse(Buffer.from(row.jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      receipts.set(row.id, {
        id: String(payload.consentReceiptID),
        jws: row.jws,
        payload,
        consentVersion: Number(payload.consentVersion),
      });
    }
    return receipts;
  }

  private async partnerNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    return wanted.length === 0 ? new Map() : this.deps.partners.names(wanted);
  }

  /** This module's part of the person's data export: the ledger, oldest first. */
  async exportData(accountId: string): Promise<Record<string, unknown>> {
    const rows = await this.db.select().from(consentEvents).where(eq(consentEvents.accountId, accountId)).orderBy(asc(consentEvents.id));
    return { consentEvents: withoutAccountId(rows) };
  }

  private recipient(type: RecipientType, partnerId: string | null, names: Map<string, string>): Recipient {
    const name = type === 'PARTNER' ? (names.get(partnerId ?? '') ?? 'partner') : type === 'PLATFORM' ? '全国社会保障卡服务平台' : '社保通';
    return { type, partnerId, name };
  }
}

function requirePartnerId(recipient: RecipientInput): string {
  if (!recipient.partnerId) throw appError('BAD_USER_INPUT', 'A partner recipient needs a partnerId', { field: 'recipient.partnerId' });
  return uuidArgument(recipient.partnerId, 'recipient.partnerId');
}

async function bumpConsentVersion(tx: Executor, accountId: string): Promise<number> {
  const version = await bumpVersion(tx, accountId);
  if (version === null) throw appError('NOT_FOUND', 'No such account');
  return version;
}
