import { describe, expect, it } from 'vitest';
import { cacheableCategories, subtractPendingWithdrawals } from './cache-rules';

describe('cache policy', () => {
  const grant = (purpose: string, categories: string[], current = true, expiresAt: string | null = null) => ({
    purpose,
    recipient: { type: 'SERVICE' },
    categories,
    current,
    expiresAt,
  });

  it('allows what is consented for both the service and local cache', () => {
    expect(
      cacheableCategories([
        grant('SERVICE', ['insurance.status', 'insurance.balance', 'medical.records']),
        grant('LOCAL_CACHE', ['insurance.status', 'medical.records']),
        grant('LOCAL_CACHE', ['insurance.balance'], false),
        grant('SERVICE_IMPROVEMENT', ['device.logs']),
      ]),
    ).toEqual(['insurance.status', 'medical.records']);
  });

  it('counts categories necessary for the service, but never without a LOCAL_CACHE grant', () => {
    expect(cacheableCategories([grant('LOCAL_CACHE', ['insurance.status', 'identity.basic'])], ['insurance.status', 'account.contact'])).toEqual([
      'insurance.status',
    ]);
  });

  it('ignores expired grants and partner grants', () => {
    const partner = { ...grant('LOCAL_CACHE', ['location']), recipient: { type: 'PARTNER' } };
    expect(
      cacheableCategories(
        [grant('SERVICE', ['location', 'device.info']), grant('LOCAL_CACHE', ['device.info'], true, '2020-01-01T00:00:00Z'), partner],
        [],
        Date.UTC(2026, 0, 1),
      ),
    ).toEqual([]);
  });

  it('subtracts pending withdrawals; a purpose-wide one removes all', () => {
    const allowed = ['a', 'b', 'c'];
    expect(subtractPendingWithdrawals(allowed, [{ purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['b'] }])).toEqual(['a', 'c']);
    expect(subtractPendingWithdrawals(allowed, [{ purpose: 'LOCAL_CACHE', recipient: { type: 'SERVICE' }, categories: null }])).toEqual([]);
    expect(subtractPendingWithdrawals(allowed, [{ purpose: 'RESEARCH', recipient: { type: 'SERVICE' }, categories: null }])).toEqual(allowed);
  });
});
