// A deterministic SIMULATOR of the national social-insurance platform, so the product runs end to
// end without outside systems. It is not the platform and holds no real data: every record is
// generated from a PRNG keyed by the card number, so the same card always gives the same person.
//
// Behaviour, by card number (9 upper-case letters or digits):
//   query password "123456" is right for every card; any other → CARD_PASSWORD_INVALID
//   starting with NOTFOUND or NF  → CARD_NOT_FOUND
//   starting with DOWN            → PLATFORM_UNAVAILABLE
//   starting with DEMO            → about ten years of history (the demo person)
import { generatePerson } from './synthetic-person.js';
import { isCardNumber, PlatformError, type EnvironmentPayload, type PlatformErrorCode, type PlatformRecord, type SocialInsurancePlatform } from './platform.js';

export const SIMULATED_QUERY_PASSWORD = '123456';

export type SimulatedPlatformOptions = {
  /** Delay before every answer (ms); an aborted signal ends the wait with the signal's reason. */
  latencyMs?: number;
  /** Injected failure for every call, or per card (return undefined to answer normally). */
  fail?: PlatformErrorCode | ((cardNumber: string) => PlatformErrorCode | undefined);
  /** The clock: the current month is the newest (PENDING) contribution month. */
  now?: () => Date;
};

const MESSAGES: Record<PlatformErrorCode, string> = {
  CARD_NOT_FOUND: 'The platform has no card with this number',
  CARD_PASSWORD_INVALID: 'The query password does not match the card',
  PLATFORM_UNAVAILABLE: 'The platform is unavailable',
};

export class SimulatedPlatform implements SocialInsurancePlatform {
  readonly name = 'simulated-platform';
  /** Every environment payload received, in order: for tests. Nothing leaves the process. */
  readonly sentEnvironments: EnvironmentPayload[] = [];

  constructor(private readonly options: SimulatedPlatformOptions = {}) {}

  async fetchRecord(cardNumber: string, queryPassword: string, signal?: AbortSignal): Promise<PlatformRecord> {
    await this.answerDelay(signal);
    this.failIfInjected(cardNumber);
    if (cardNumber.startsWith('DOWN')) throw error('PLATFORM_UNAVAILABLE');
    if (!isCardNumber(cardNumber) || cardNumber.startsWith('NF') || cardNumber.startsWith('NOTFOUND')) throw error('CARD_NOT_FOUND');
    if (queryPassword !== SIMULATED_QUERY_PASSWORD) throw error('CARD_PASSWORD_INVALID');
    const demo = cardNumber.startsWith('DEMO');
    return generatePerson(`card:${cardNumber}`, {
      cardNumber,
      asOfMonth: (this.options.now?.() ?? new Date()).toISOString().slice(0, 7),
      // The demo person is of working age with a decade of history; other cards vary.
      ...(demo ? { years: 10, birthYears: [1982, 1992] as const } : {}),
    });
  }

  async sendEnvironment(payload: EnvironmentPayload): Promise<void> {
    await this.answerDelay();
    this.failIfInjected(payload.cardNumber);
    if (payload.cardNumber.startsWith('DOWN')) throw error('PLATFORM_UNAVAILABLE');
    this.sentEnvironments.push(structuredClone(payload));
  }

  private failIfInjected(cardNumber: string): void {
    const { fail } = this.options;
    const code = typeof fail === 'function' ? fail(cardNumber) : fail;
    if (code) throw error(code);
  }

  private async answerDelay(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const ms = this.options.latencyMs ?? 0;
    if (ms <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function error(code: PlatformErrorCode): PlatformError {
  return new PlatformError(code, MESSAGES[code]);
}
