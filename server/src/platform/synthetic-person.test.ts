import { describe, expect, it } from 'vitest';
import type { PlatformRecord } from './platform.js';
import { CITIES, formatFen, generatePerson, idCheckCharacter, isValidIdNumber, parseFen, Rng } from './synthetic-person.js';

const AS_OF = '2026-11';
const people: PlatformRecord[] = Array.from({ length: 400 }, (_, i) => generatePerson(`test|${i}`, { asOfMonth: AS_OF }));
const MONEY = /^\d+\.\d{2}$/;
const rate = (amount: string, base: string) => parseFen(amount) / parseFen(base);

describe('Rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const c = new Rng('y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generatePerson', () => {
  it('is deterministic: the same seed gives the same person, another seed another', () => {
    expect(generatePerson('test|7', { asOfMonth: AS_OF })).toEqual(people[7]);
    expect(generatePerson(42, { asOfMonth: AS_OF })).toEqual(generatePerson('42', { asOfMonth: AS_OF }));
    expect(generatePerson('test|8', { asOfMonth: AS_OF }).profile).not.toEqual(people[7]!.profile);
  });

  it('keeps the history when the current month moves on: months are only appended', () => {
    const later = generatePerson('test|3', { asOfMonth: '2027-02' });
    const paidBefore = people[3]!.contributions.filter((c) => c.month < '2026-11-01');
    expect(later.contributions.filter((c) => c.month < '2026-11-01')).toEqual(paidBefore);
    expect(later.profile.idNumber).toBe(people[3]!.profile.idNumber);
  });

  it('computes GB 11643 check characters (the example in the standard)', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('gives valid ID numbers that match the city, birthday and gender', () => {
    for (const { profile } of people) {
      expect(isValidIdNumber(profile.idNumber), profile.idNumber).toBe(true);
      const city = CITIES.find((c) => c.name === profile.city)!;
      expect(city.districts.map(([code]) => code)).toContain(profile.idNumber.slice(0, 6));
      expect(profile.idNumber.slice(6, 14)).toBe(profile.birthday.replaceAll('-', ''));
      expect(Number(profile.idNumber[16]) % 2 === 1 ? '男' : '女').toBe(profile.gender);
      expect(profile.birthday >= '1960-01-01' && profile.birthday <= '2002-12-31').toBe(true);
      expect(profile.realName.length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(people.map((p) => p.profile.city)).size).toBeGreaterThanOrEqual(12);
    const han = people.filter((p) => p.profile.ethnicity === '汉族').length;
    expect(han / people.length).toBeGreaterThan(0.8);
    expect(han).toBeLessThan(people.length);
  });

  it('derives a 9-character card number unless one is given', () => {
    for (const p of people) expect(p.cardNumber).toMatch(/^[A-Z0-9]{9}$/);
    expect(generatePerson('x', { cardNumber: 'AB1234567', asOfMonth: AS_OF }).cardNumber).toBe('AB1234567');
  });

  it('charges the usual rates: pension 16/8 %, medical 8–10/2 %, unemployment 0.5/0.5 %, injury 0.2–1/0 %, maternity ~0.8/0 %', () => {
    const near = (actual: number, expected: number) => Math.abs(actual - expected) < 0.00051;
    const wrong: string[] = []; // collected, not asserted per row: there are ~10⁵ rows
    for (const p of people) {
      for (const c of p.contributions) {
        if (![c.base, c.employerPart, c.personalPart].every((amount) => MONEY.test(amount))) wrong.push(`format ${JSON.stringify(c)}`);
        const employer = rate(c.employerPart, c.base);
        const personal = rate(c.personalPart, c.base);
        const ok =
          c.employer === null
            ? // Flexible employment: the person pays pension (20 %) and medical alone.
              c.employerPart === '0.00' && (c.insuranceType === 'PENSION' ? near(personal, 0.2) : c.insuranceType === 'MEDICAL')
            : {
                PENSION: () => near(employer, 0.16) && near(personal, 0.08),
                MEDICAL: () => employer >= 0.0795 && employer <= 0.1005 && near(personal, 0.02),
                UNEMPLOYMENT: () => near(employer, 0.005) && near(personal, 0.005),
                WORK_INJURY: () => employer >= 0.0019 && employer <= 0.0101 && personal === 0,
                MATERNITY: () => employer >= 0.0049 && employer <= 0.0101 && personal === 0,
              }[c.insuranceType]();
        if (!ok) wrong.push(JSON.stringify(c));
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('has job changes, gaps, a few arrears and only the current month pending', () => {
    let withChanges = 0;
    let withGaps = 0;
    let arrears = 0;
    let total = 0;
    for (const p of people) {
      const pension = p.contributions.filter((c) => c.insuranceType === 'PENSION');
      total += pension.length;
      arrears += pension.filter((c) => c.status === 'ARREARS').length;
      expect(p.contributions.filter((c) => (c.status === 'PENDING') !== (c.month === `${AS_OF}-01`))).toEqual([]);
      if (new Set(pension.map((c) => c.employer)).size > 1) withChanges++;
      const months = pension.map((c) => c.month);
      if (months.some((m, i) => i > 0 && monthsBetween(months[i - 1]!, m) > 1)) withGaps++;
      // With employers, the base only rises: salaries and the city's bounds grow.
      const employed = pension.filter((c) => c.employer !== null);
      if (employed.length > 1) expect(parseFen(employed.at(-1)!.base)).toBeGreaterThanOrEqual(parseFen(employed[0]!.base));
    }
    expect(withChanges).toBeGreaterThan(people.length * 0.3);
    expect(withGaps).toBeGreaterThan(people.length * 0.1);
    expect(arrears / total).toBeGreaterThan(0.002);
    expect(arrears / total).toBeLessThan(0.05);
  });

  it('counts paid months in the participations', () => {
    for (const p of people) {
      for (const part of p.participations) {
        const rows = p.contributions.filter((c) => c.insuranceType === part.insuranceType);
        expect(part.contributionMonths).toBe(rows.filter((c) => c.status === 'PAID').length);
        expect(part.since).toBe(rows[0]!.month);
      }
    }
  });

  it('records medical costs that add up exactly and never overdraw the personal account', () => {
    let inpatient = 0;
    for (const p of people) {
      const credits = new Map<string, number>();
      for (const c of p.contributions) {
        if (c.insuranceType === 'MEDICAL' && c.status === 'PAID' && c.employer !== null) credits.set(c.month.slice(0, 7), parseFen(c.personalPart));
      }
      let account = 0;
      let month = '';
      const creditedUpTo = (m: string) => {
        for (const [k, v] of credits) if (k < m && k >= month) account += v;
        month = m;
      };
      for (const r of p.medicalRecords) {
        for (const amount of [r.totalCost, r.fundPaid, r.personalAccountPaid, r.outOfPocket]) expect(amount).toMatch(MONEY);
        expect(parseFen(r.fundPaid) + parseFen(r.personalAccountPaid) + parseFen(r.outOfPocket)).toBe(parseFen(r.totalCost));
        expect(r.date < `${AS_OF}-01`).toBe(true);
        creditedUpTo(r.date.slice(0, 7));
        account -= parseFen(r.personalAccountPaid);
        expect(account).toBeGreaterThanOrEqual(0);
        if (r.kind === 'INPATIENT') {
          inpatient++;
          expect(r.dischargeDate! > r.date).toBe(true);
        } else expect(r.dischargeDate).toBeNull();
        if (r.kind === 'PHARMACY') expect(r.department).toBeNull();
      }
      // The balance is what was credited minus what was spent from it.
      const spent = p.medicalRecords.reduce((n, r) => n + parseFen(r.personalAccountPaid), 0);
      const credited = [...credits.values()].reduce((n, v) => n + v, 0);
      expect(p.balances.find((b) => b.accountType === 'MEDICAL_PERSONAL')!.amount).toBe(formatFen(credited - spent));
    }
    expect(inpatient).toBeGreaterThan(0);
    const kinds = people.flatMap((p) => p.medicalRecords.map((r) => r.kind));
    expect(kinds.filter((k) => k === 'OUTPATIENT').length).toBeGreaterThan(kinds.filter((k) => k === 'PHARMACY').length);
  });

  it('keeps the pension account at the personal parts plus interest (less payouts after retirement)', () => {
    for (const p of people) {
      const credits = p.contributions
        .filter((c) => c.insuranceType === 'PENSION' && c.status === 'PAID')
        .reduce((n, c) => n + Math.round(parseFen(c.base) * 0.08), 0);
      const balance = parseFen(p.balances.find((b) => b.accountType === 'PENSION_PERSONAL')!.amount);
      const retired = p.participations.every((x) => x.status === 'ENDED');
      if (retired) expect(balance).toBeLessThanOrEqual(credits * 2);
      else {
        expect(balance).toBeGreaterThanOrEqual(credits - 100);
        expect(balance).toBeLessThanOrEqual(credits * 1.8 + 100);
      }
    }
  });

  it('formats fen without float drift', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(123456789)).toBe('1234567.89');
    expect(parseFen('1234567.89')).toBe(123456789);
  });

  it('is fast: 2,000 people well within a second or two', () => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) generatePerson(`speed|${i}`, { asOfMonth: AS_OF });
    // 100,000 people must take well under a minute; allow for a busy machine.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}
