// Throttles on guessable secrets, attacked over HTTP: sign-in passwords (per number, and per
// address across numbers, with growing delays), SMS registration codes (per number, per address
// per day) and card query passwords (per card, per account, per address). And the card-linking
// oracle: a wrong query password answers the same whether or not the card belongs to someone.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARD_NUMBER } from '../../src/seed/demo.js';
import { currentAgreement } from '../support/test-app.js';
import { startProductionServer, trustedDocument, type ProductionServer } from './production-server.js';

const limits = {
  requests: { perAddress: 10_000, perAccount: 10_000 },
  signIn: { perNumber: { free: 3, firstDelaySeconds: 1, maxDelaySeconds: 4 }, perAddress: { free: 8, firstDelaySeconds: 60 } },
  registrationCodes: { perNumberResend: { limit: 1, windowSeconds: 1 }, perNumberPerDay: { limit: 2 }, perAddressPerDay: { limit: 4 } },
  cardLinking: { perCard: { free: 3 }, perAccount: { free: 4 }, perAddress: { free: 6 } },
};
const PASSWORD = 'Correct-Horse-42';

let t: ProductionServer;
beforeAll(async () => {
  // 127.0.0.1 is the proxy: each test speaks from addresses of its own.
  t = await startProductionServer({ limits, trustProxy: '127.0.0.1' });
});
afterAll(() => t?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const from = (address: string) => ({ 'x-forwarded-for': address });
const newPhone = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
const newCard = () => `SH${String(randomInt(0, 1e7)).padStart(7, '0')}`;

type Answer = { status: number; retryAfter: string | null; code: string | undefined; extensions: Record<string, unknown> | undefined };

async function ask(body: unknown, headers: Record<string, string>): Promise<Answer> {
  const response = await t.post(body, headers);
  const json = await response.json();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: json.errors?.[0]?.extensions?.code, extensions: json.errors?.[0]?.extensions };
}

const signIn = (phone: string, password: string, address: string) => ask(trustedDocument('SignIn', { phone, password }), from(address));
const requestCode = (phone: string, address: string) => ask(trustedDocument('RequestRegistrationCode', { phone }), from(address));

function expectRateLimited(answer: Answer): number {
  expect(answer.code).toBe('RATE_LIMITED');
  expect(answer.status).toBe(429);
  const seconds = answer.extensions?.retryAfterSeconds as number;
  expect(seconds).toBeGreaterThan(0);
  expect(Number(answer.retryAfter)).toBe(seconds);
  return seconds;
}

/** Registers over HTTP; the code is read where the SMS would arrive (the outbox). */
async function register(phone: string, address: string): Promise<string> {
  expect((await requestCode(phone, address)).code).toBeUndefined();
  const code = await t.app.services.accounts.developmentSmsCode(phone);
  const response = await t.post(trustedDocument('Register', { input: { phone, code, password: PASSWORD, agreement: await currentAgreement(t) } }), from(address));
  const token = /shebao_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!token) throw new Error(`registration failed: ${JSON.stringify(await response.json())}`);
  return token;
}

const linkCard = (token: string, cardNumber: string, queryPassword: string, address: string) =>
  ask(trustedDocument('LinkSocialInsuranceCard', { cardNumber, queryPassword }), { cookie: `shebao_session=${token}`, ...from(address) });

describe('sign-in passwords', () => {
  it('per number: after the free failures each try waits, twice as long as the last, even with the right password', async () => {
    const phone = newPhone();
    await register(phone, '10.1.0.1');
    for (let i = 0; i < limits.signIn.perNumber.free; i += 1) expect((await signIn(phone, 'Wrong-password-1', `10.1.1.${i}`)).code).toBe('INVALID_CREDENTIALS');
    const first = expectRateLimited(await signIn(phone, PASSWORD, '10.1.2.1'));
    expect(first).toBe(1);
    await sleep(1100);
    expect((await signIn(phone, 'Wrong-password-1', '10.1.2.2')).code).toBe('INVALID_CREDENTIALS');
    expect(expectRateLimited(await signIn(phone, PASSWORD, '10.1.2.3'))).toBe(2);
    // Tries refused while it waits count nothing: the wait does not grow.
    for (let i = 0; i < 5; i += 1) expect(expectRateLimited(await signIn(phone, 'Wrong-password-1', '10.1.2.4'))).toBeLessThanOrEqual(2);
    await sleep(2100);
    // The owner gets in once the wait is over, and that success clears the number's count.
    expect((await signIn(phone, PASSWORD, '10.1.2.5')).code).toBeUndefined();
    expect((await signIn(phone, 'Wrong-password-1', '10.1.2.6')).code).toBe('INVALID_CREDENTIALS');
  });

  it('per address across numbers: spraying many numbers from one address is throttled', async () => {
    const address = '10.2.0.1';
    for (let i = 0; i < limits.signIn.perAddress.free; i += 1) expect((await signIn(newPhone(), 'Wrong-password-1', address)).code).toBe('INVALID_CREDENTIALS');
    expect(expectRateLimited(await signIn(newPhone(), 'Wrong-password-1', address))).toBe(60);
    // Another address is not affected.
    expect((await signIn(newPhone(), 'Wrong-password-1', '10.2.0.2')).code).toBe('INVALID_CREDENTIALS');
  });

  it('counts guesses sent in parallel: no more get through than the free ones', async () => {
    const phone = newPhone();
    await register(phone, '10.3.0.1');
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(phone, 'Wrong-password-1', `10.3.1.${i}`)));
    const elapsedSeconds = (Date.now() - started) / 1000;
    // On a loaded machine the ten may take longer than the first waits (1 s, 2 s, 4 s …); a guess
    // that arrives after a wait has ended is a fair one. Any more than that slipped past the count.
    const { free, firstDelaySeconds, maxDelaySeconds } = limits.signIn.perNumber;
    let fair = free;
    for (let waited = 0, delay = firstDelaySeconds; waited + delay <= elapsedSeconds; waited += delay, delay = Math.min(delay * 2, maxDelaySeconds)) fair += 1;
    const guessed = answers.filter((a) => a.code === 'INVALID_CREDENTIALS').length;
    expect(guessed).toBeGreaterThanOrEqual(free);
    expect(guessed).toBeLessThanOrEqual(fair);
    expect(answers.filter((a) => a.code === 'RATE_LIMITED')).toHaveLength(10 - guessed);
  });

  it('throttles the password asked before closing an account the same way', async () => {
    const token = await register(newPhone(), '10.4.0.1');
    const headers = { cookie: `shebao_session=${token}`, ...from('10.4.0.2') };
    for (let i = 0; i < limits.signIn.perNumber.free; i += 1) expect((await ask(trustedDocument('CloseAccount', { password: 'Wrong-password-1' }), headers)).code).toBe('INVALID_CREDENTIALS');
    expectRateLimited(await ask(trustedDocument('CloseAccount', { password: PASSWORD }), headers));
  });
});

describe('SMS registration codes', () => {
  it('per number: a resend gap and a daily cap', async () => {
    const phone = newPhone();
    expect((await requestCode(phone, '10.5.0.1')).code).toBeUndefined();
    expectRateLimited(await requestCode(phone, '10.5.0.2')); // within the resend gap
    await sleep(1100);
    expect((await requestCode(phone, '10.5.0.3')).code).toBeUndefined();
    await sleep(1100);
    const seconds = expectRateLimited(await requestCode(phone, '10.5.0.4')); // the day's two are sent
    expect(seconds).toBeGreaterThan(86_000);
  });

  it('per address per day, across numbers', async () => {
    const address = '10.6.0.1';
    for (let i = 0; i < limits.registrationCodes.perAddressPerDay.limit; i += 1) expect((await requestCode(newPhone(), address)).code).toBeUndefined();
    expectRateLimited(await requestCode(newPhone(), address));
    expect((await requestCode(newPhone(), '10.6.0.2')).code).toBeUndefined();
  });
});

describe('card query passwords', () => {
  it('per card: ten wrong passwords in a row do not all get an answer', async () => {
    const card = newCard();
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await linkCard(await register(newPhone(), `10.7.0.${i}`), card, '654321', `10.7.1.${i}`));
    expect(answers.slice(0, limits.cardLinking.perCard.free).map((a) => a.code)).toEqual(Array(limits.cardLinking.perCard.free).fill('CARD_PASSWORD_INVALID'));
    for (const answer of answers.slice(limits.cardLinking.perCard.free)) expectRateLimited(answer);
  });

  it('per account, across cards', async () => {
    const token = await register(newPhone(), '10.8.0.1');
    for (let i = 0; i < limits.cardLinking.perAccount.free; i += 1) expect((await linkCard(token, newCard(), '654321', `10.8.1.${i}`)).code).toBe('CARD_PASSWORD_INVALID');
    expectRateLimited(await linkCard(token, newCard(), '123456', '10.8.2.1'));
  });

  it('per address, across accounts and cards', async () => {
    const address = '10.9.0.1';
    const someone = await register(newPhone(), '10.9.1.1');
    const another = await register(newPhone(), '10.9.1.2');
    for (let i = 0; i < limits.cardLinking.perAddress.free; i += 1) {
      expect((await linkCard(i % 2 ? someone : another, newCard(), '654321', address)).code).toBe('CARD_PASSWORD_INVALID');
    }
    expectRateLimited(await linkCard(await register(newPhone(), '10.9.1.3'), newCard(), '123456', address));
  });

  it('a wrong password answers the same whether or not the card belongs to another account; only the right one learns it does', async () => {
    const token = await register(newPhone(), '10.10.0.1');
    const linkedElsewhere = await linkCard(token, DEMO_CARD_NUMBER, '654321', '10.10.0.2');
    const unlinked = await linkCard(token, newCard(), '654321', '10.10.0.3');
    expect(linkedElsewhere).toEqual(unlinked);
    expect(linkedElsewhere.code).toBe('CARD_PASSWORD_INVALID');
    expect((await linkCard(token, DEMO_CARD_NUMBER, '123456', '10.10.0.4')).code).toBe('CARD_ALREADY_LINKED');
  });
});
