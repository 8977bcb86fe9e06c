// Linking a card asks the platform once and writes everything it returned in one transaction:
// a failure anywhere leaves nothing half-written. The query password is used for the call only.
import { eq } from 'drizzle-orm';
import { CARD_QUERY_PASSWORD, normaliseCardNumber } from '@shebao/vocabulary';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database } from '../../db/database.js';
import { socialInsuranceCards } from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import { PlatformError, type SocialInsurancePlatform } from '../../platform/platform.js';
import { replaceInsuranceRecord } from './insurance-writes.data.js';

const PLATFORM_TIMEOUT_MS = 10_000;

export class CardLinkingService {
  constructor(
    private readonly db: Database,
    private readonly crypto: FieldCrypto,
    private readonly platform: SocialInsurancePlatform,
  ) {}

  async link(accountId: string, cardNumberInput: string, queryPassword: string): Promise<void> {
    const cardNumber = normaliseCardNumber(cardNumberInput);
    if (!cardNumber) throw appError('BAD_USER_INPUT', 'A social insurance card number has 9 letters or digits', { field: 'cardNumber' });
    checkQueryPassword(queryPassword);
    const [owner] = await this.db
      .select({ accountId: socialInsuranceCards.accountId })
      .from(socialInsuranceCards)
      .where(eq(socialInsuranceCards.cardNumberHash, this.crypto.lookupHash(cardNumber)));
    if (owner && owner.accountId !== accountId) throw appError('CARD_ALREADY_LINKED', 'This card is linked to another account');
    const record = await this.fetch(cardNumber, queryPassword);
    await this.db.transaction((tx) => replaceInsuranceRecord(tx, this.crypto, accountId, record));
  }

  async refresh(accountId: string, queryPassword: string): Promise<void> {
    checkQueryPassword(queryPassword);
    const cardNumber = await this.cardNumberOf(accountId);
    if (!cardNumber) throw appError('CARD_NOT_LINKED', 'Link a social insurance card first');
    const record = await this.fetch(cardNumber, queryPassword);
    await this.db.transaction((tx) => replaceInsuranceRecord(tx, this.crypto, accountId, record));
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

  private async fetch(cardNumber: string, queryPassword: string) {
    try {
      return await this.platform.fetchRecord(cardNumber, queryPassword, AbortSignal.timeout(PLATFORM_TIMEOUT_MS));
    } catch (error) {
      if (error instanceof PlatformError) {
        const messages = {
          CARD_NOT_FOUND: 'The platform does not know this card number',
          CARD_PASSWORD_INVALID: 'The query password is wrong',
          PLATFORM_UNAVAILABLE: 'The social insurance platform is unavailable; try again later',
        } as const;
        throw appError(error.code, messages[error.code]);
      }
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
        throw appError('PLATFORM_UNAVAILABLE', 'The social insurance platform did not answer in time; try again later');
      }
      throw error;
    }
  }
}

function checkQueryPassword(password: string): void {
  if (!CARD_QUERY_PASSWORD.test(password)) throw appError('BAD_USER_INPUT', 'The query password has 6 digits', { field: 'queryPassword' });
}
