import { describe, expect, it } from 'vitest';
import { isCardNumber, PlatformError, type PlatformErrorCode } from './platform.js';
import { SimulatedPlatform } from './simulated-platform.js';

const now = () => new Date('2026-11-15T08:00:00Z');
const platform = new SimulatedPlatform({ now });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('isCardNumber', () => {
  it('accepts nine upper-case letters or digits only', () => {
    expect(isCardNumber('DEMO00001')).toBe(true);
    expect(isCardNumber('A12345678')).toBe(true);
    for (const bad of ['demo00001', 'DEMO0001', 'DEMO000011', 'DEMO-0001', '', 123456789, null]) expect(isCardNumber(bad)).toBe(false);
  });
});

describe('SimulatedPlatform', () => {
  it('answers the same record for the same card, and another for another card', async () => {
    const a = await platform.fetchRecord('A12345678', '123456');
    expect(await platform.fetchRecord('A12345678', '123456')).toEqual(a);
    expect(a.cardNumber).toBe('A12345678');
    expect((await platform.fetchRecord('A12345679', '123456')).profile.idNumber).not.toBe(a.profile.idNumber);
    expect(a.contributions.at(-1)!.month <= '2026-11-01').toBe(true);
  });

  it('gives the demo card about ten years of history up to the current month', async () => {
    const demo = await platform.fetchRecord('DEMO00001', '123456');
    const months = new Set(demo.contributions.map((c) => c.month));
    expect(months.size).toBeGreaterThanOrEqual(100);
    expect([...months].sort()[0]! <= '2016-12-01').toBe(true);
    expect(demo.contributions.filter((c) => c.status === 'PENDING').every((c) => c.month === '2026-11-01')).toBe(true);
    expect(demo.medicalRecords.length).toBeGreaterThan(10);
  });

  it.each<[string, string, PlatformErrorCode]>([
    ['A12345678', '654321', 'CARD_PASSWORD_INVALID'],
    ['A12345678', '', 'CARD_PASSWORD_INVALID'],
    ['NOTFOUND1', '123456', 'CARD_NOT_FOUND'],
    ['NF1234567', '123456', 'CARD_NOT_FOUND'],
    ['not-a-card', '123456', 'CARD_NOT_FOUND'],
    ['DOWN00001', '123456', 'PLATFORM_UNAVAILABLE'],
    ['DOWN00001', 'wrong', 'PLATFORM_UNAVAILABLE'],
  ])('%s with password %j fails with %s', async (card, password, code) => {
    const error = await failure(platform.fetchRecord(card, password));
    expect(error.code).toBe(code);
    // Messages end up in logs: never the card number or the password.
    expect(error.message).not.toContain(card);
    if (password) expect(error.message).not.toContain(password);
  });

  it('gives each error its own code and message', async () => {
    const errors = await Promise.all([
      failure(platform.fetchRecord('A12345678', '000000')),
      failure(platform.fetchRecord('NF1234567', '123456')),
      failure(platform.fetchRecord('DOWN12345', '123456')),
    ]);
    expect(new Set(errors.map((e) => e.code)).size).toBe(3);
    expect(new Set(errors.map((e) => e.message)).size).toBe(3);
  });

  it('fails on demand, for every card or per card', async () => {
    const down = new SimulatedPlatform({ fail: 'PLATFORM_UNAVAILABLE' });
    expect((await failure(down.fetchRecord('A12345678', '123456'))).code).toBe('PLATFORM_UNAVAILABLE');
    expect((await failure(down.sendEnvironment({ cardNumber: 'A12345678' }))).code).toBe('PLATFORM_UNAVAILABLE');
    const picky = new SimulatedPlatform({ fail: (card) => (card === 'B00000001' ? 'CARD_NOT_FOUND' : undefined) });
    expect((await failure(picky.fetchRecord('B00000001', '123456'))).code).toBe('CARD_NOT_FOUND');
    await expect(picky.fetchRecord('B00000002', '123456')).resolves.toMatchObject({ cardNumber: 'B00000002' });
  });

  it('waits the configured latency and stops waiting when the caller aborts', async () => {
    const slow = new SimulatedPlatform({ latencyMs: 150, now });
    const started = performance.now();
    await slow.fetchRecord('A12345678', '123456');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    const aborted = slow.fetchRecord('A12345678', '123456', AbortSignal.timeout(20));
    await expect(aborted).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    controller.abort();
    await expect(slow.fetchRecord('A12345678', '123456', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps environment sends in memory and sends nothing anywhere', async () => {
    const sim = new SimulatedPlatform();
    const payload = {
      cardNumber: 'A12345678',
      device: { model: 'HUAWEI Mate 60 Pro', osVersion: 'HarmonyOS 4.2.0', deviceIdentifier: 'dev-1', network: 'WIFI' },
      location: { latitude: 39.9, longitude: 116.4, source: 'GPS', at: '2026-11-15T08:00:00.000Z' },
    };
    await sim.sendEnvironment(payload);
    await sim.sendEnvironment({ cardNumber: 'A12345678' });
    expect(sim.sentEnvironments).toEqual([payload, { cardNumber: 'A12345678' }]);
    payload.device.model = 'changed';
    expect(sim.sentEnvironments[0]!.device!.model).toBe('HUAWEI Mate 60 Pro'); // a copy, not the caller's object
    expect(sim.name).toMatch(/simulated/);
  });
});
