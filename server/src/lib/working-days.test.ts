import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from './working-days.js';

const calendar = new WorkingDayCalendar();
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('working-day calendar', () => {
  it('skips weekends and holidays, counts 调休 makeup days', () => {
    expect(calendar.isWorkingDay('2026-12-01')).toBe(true); // Tuesday
    expect(calendar.isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false); // 国庆, a Monday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // makeup Saturday
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // 春节, a Monday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // makeup Saturday
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false); // 2027 春节 (statutory)
  });

  it('15 working days from an ordinary week: three calendar weeks', () => {
    // Tuesday 1 Dec 2026 → Tuesday 22 Dec 2026, end of day Beijing time.
    expect(calendar.nthWorkingDayAfter(beijing('2026-12-01T10:00:00'), 15)).toBe('2026-12-22');
    expect(calendar.deadline(beijing('2026-12-01T10:00:00'), 15).toISOString()).toBe('2026-12-22T15:59:59.999Z');
  });

  it('across 国庆 with its makeup days', () => {
    // Filed Friday 18 Sep 2026: 20 Sep is a makeup Sunday (1), 21–24 (5), 25–27 中秋, 28–30 (8),
    // 1–7 Oct off, 8, 9 (10), 10 makeup Saturday (11), 12–15 Oct (15).
    expect(calendar.nthWorkingDayAfter(beijing('2026-09-18T09:00:00'), 15)).toBe('2026-10-15');
  });

  it('across 春节', () => {
    // Filed Wednesday 11 Feb 2026: 12, 13 (2), 14 makeup Saturday (3), 15–23 off, 24–27 (7), 28 makeup (8), 2–6 Mar (13), 9, 10 (15).
    expect(calendar.nthWorkingDayAfter(beijing('2026-02-11T09:00:00'), 15)).toBe('2026-03-10');
  });

  it('uses the Beijing date, not UTC', () => {
    // 23:30 UTC on Monday is Tuesday in Beijing.
    expect(calendar.nthWorkingDayAfter(new Date('2026-11-30T23:30:00Z'), 1)).toBe('2026-12-02');
    expect(calendar.nthWorkingDayAfter(new Date('2026-11-30T10:00:00Z'), 1)).toBe('2026-12-01');
  });

  it('counts working days between two instants', () => {
    expect(calendar.workingDaysBetween(beijing('2026-12-01T10:00:00'), beijing('2026-12-22T10:00:00'))).toBe(15);
    expect(calendar.workingDaysBetween(beijing('2026-12-22T10:00:00'), beijing('2026-12-01T10:00:00'))).toBe(0);
  });

  it('a year without data counts weekends only', () => {
    const bare = new WorkingDayCalendar({});
    expect(bare.isWorkingDay('2026-10-05')).toBe(true);
    expect(bare.nthWorkingDayAfter(beijing('2026-09-18T09:00:00'), 15)).toBe('2026-10-09');
  });
});
