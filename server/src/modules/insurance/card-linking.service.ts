// Linking a card asks the platform once and writes everything it returned in one transaction:
// a failure anywhere leaves nothing half-written. The query password is used for the call only.
// Every try of a query password is throttled per card, per account and per address, and only
// the right password learns whether the card already belongs to another account.
import { eq } from 'drizzle-orm';
import { CARD_QUERY_PASSWORD, normaliseCardNumber } from '@shebao/vocabulary';
import type { Throttle, ThrottleKey } from '../../authz/throttle.js';
import type { Limits } from '../../config/config.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/database.js';
import { socialInsuranceCards } from '../../db/schema.js';
import type { Caller } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import { PlatformError, type SocialInsurancePlatform } from '../../platform/platform.js';
import { replaceInsuranceRecord } from './insurance-writes.data.js';

const PLATFORM_TIMEOUT_MS = 10_000;

export class CardLinkingService {
  constructor(
    private readonly db: Database,
    private readonly crypto: FieldCrypto,
    private readonly platform: SocialInsurancePlatform,
    private readonly throttle: Throttle,
    private readonly limits: Limits['cardLinking'],
  ) {}

  /**
   * Links a card. While another card is linked, linking this one replaces all its data, so it
   * needs `replace: true` (the person confirmed); that is checked before the platform is asked,
   * and again in the writing transaction (another device may have linked one meanwhile).
   */
  async link(accountId: string, cardNumberInput: string, queryPassword: string, caller: Caller, replace = false): Promise<void> {
    const cardNumber = normaliseCardNumber(cardNumberInput);
    if (!cardNumber) throw appError('BAD_USER_INPUT', 'A social insurance card number has 9 letters or digits', { field: 'cardNumber' });
    checkQueryPassword(queryPassword);
    const cardNumberHash = this.crypto.lookupHash(cardNumber);
    const replaces = async (db: Executor) => {
      const [current] = await db.select({ hash: socialInsuranceCards.cardNumberHash }).from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
      return current !== undefined && current.hash !== cardNumberHash;
    };
    const unconfirmed = () => appError('CARD_REPLACE_UNCONFIRMED', 'Another card is linked; linking this one replaces its data, so confirm with replace: true', { field: 'replace' });
    if (!replace && (await replaces(this.db))) throw unconfirmed();
    const record = await this.fetch(cardNumber, queryPassword, accountId, caller);
    const alreadyLinked = () => appError('CARD_ALREADY_LINKED', 'This card is linked to another account');
    await this.db
      .transaction(async (tx) => {
        if (!replace && (await replaces(tx))) throw unconfirmed();
        const [owner] = await tx.select({ accountId: socialInsuranceCards.accountId }).from(socialInsuranceCards).where(eq(socialInsuranceCards.cardNumberHash, cardNumberHash));
        if (owner && owner.accountId !== accountId) throw alreadyLinked();
        await replaceInsuranceRecord(tx, this.crypto, accountId, record);
      })
      .catch((error: unknown) => {
        // Another account linked the same card a moment ago.
        throw isUniqueViolation(error) ? alreadyLinked() : error;
      });
  }

  async refresh(accountId: string, queryPassword: string, caller: Caller): Promise<void> {
    checkQueryPassword(queryPassword);
    const cardNumber = await this.cardNumberOf(accountId);
    if (!cardNumber) throw appError('CARD_NOT_LINKED', 'Link a social insurance card first');
    const record = await this.fetch(cardNumber, queryPassword, accountId, caller);
    await this.db.transaction((tx) => replaceInsuranceRecord(tx, this.crypto, accountId, record));
  }

  /** The linked card as the person sees it: masked here, so the full number never leaves the server for this. */
  async linkedCard(accountId: string): Promise<{ maskedNumber: string; linkedAt: Date; refreshedAt: Date } | null> {
    const [card] = await this.db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    return card ? { maskedNumber: maskCardNumber(this.crypto.decrypt(card.cardNumberEncrypted)), linkedAt: card.linkedAt, refreshedAt: card.refreshedAt } : null;
  }

  /** Real-name verification: a linked card. */
  async isLinked(accountId: string): Promise<boolean> {
    const [card] = await this.db.select({ id: socialInsuranceCards.accountId }).from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    return card !== undefined;
  }

  /** The linked card's number, for sending to the platform; null without a linked card. */
  async cardNumberOf(accountId: string): Promise<string | null> {
    const [card] = await this.db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    return card ? this.crypto.decrypt(card.cardNumberEncrypted) : null;
  }

  /** Asks the platform, which checks the query password: one throttled attempt. */
  private async fetch(cardNumber: string, queryPassword: string, accountId: string, caller: Caller) {
    const attempt = await this.throttle.attempt(this.passwordKeys(cardNumber, accountId, caller), 'Too many wrong query passwords; try again later');
    try {
      const record = await this.platform.fetchRecord(cardNumber, queryPassword, AbortSignal.timeout(PLATFORM_TIMEOUT_MS));
      await attempt.succeeded();
      return record;
    } catch (error) {
      if (error instanceof PlatformError) {
        const messages = {
          CARD_NOT_FOUND: 'The platform does not know this card number',
          CARD_PASSWORD_INVALID: 'The query password is wrong',
          PLATFORM_UNAVAILABLE: 'The social insurance platform is unavailable; try again later',
        } as const;
        // The platform being down tested nothing: that attempt is given back.
        if (error.code === 'PLATFORM_UNAVAILABLE') await attempt.giveBack();
        throw appError(error.code, messages[error.code]);
      }
      await attempt.giveBack();
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
        throw appError('PLATFORM_UNAVAILABLE', 'The social insurance platform did not answer in time; try again later');
      }
      throw error;
    }
  }

  private passwordKeys(cardNumber: string, accountId: string, caller: Caller): ThrottleKey[] {
    return [
      { scope: 'card-password:card', value: cardNumber, rule: this.limits.perCard, clearOnSuccess: true },
      { scope: 'card-password:account', value: accountId, rule: this.limits.perAccount, clearOnSuccess: true },
      { scope: 'card-password:address', value: caller.address, rule: this.limits.perAddress },
    ];
  }
}

/**
 * "SH1234567" → "SH*****67"; longer numbers (an 18-digit ID-style card) keep four at each end:
 * "3301********1234". Enough to recognise one's own card, not enough to use it.
 */
export function maskCardNumber(cardNumber: string): string {
  const keep = cardNumber.length >= 16 ? 4 : 2;
  return cardNumber.slice(0, keep) + '*'.repeat(Math.max(0, cardNumber.length - 2 * keep)) + cardNumber.slice(-keep);
}

function checkQueryPassword(password: string): void {
  if (!CARD_QUERY_PASSWORD.test(password)) throw appError('BAD_USER_INPUT', 'The query password has 6 digits', { field: 'queryPassword' });
}
