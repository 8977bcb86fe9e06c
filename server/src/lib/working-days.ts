// Deadlines in working days on China's calendar (Beijing time): weekends and public holidays do
// not count, 调休 makeup Saturdays and Sundays do. A request's deadline is the end of its Nth
// working day after the day it arrived.
import { CN_HOLIDAYS, type HolidayYear } from './cn-holidays.js';

const DAY_MS = 86_400_000;
/** Beijing is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export class WorkingDayCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;

  constructor(years: Readonly<Record<number, HolidayYear>> = CN_HOLIDAYS) {
    this.holidays = new Set(Object.values(years).flatMap((y) => y.holidays));
    this.workdays = new Set(Object.values(years).flatMap((y) => y.makeupWorkdays));
  }

  /** The Beijing calendar date of an instant, as YYYY-MM-DD. */
  static beijingDate(at: Date): string {
    return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The Nth working day after the Beijing date of `from` (the day itself does not count). */
  nthWorkingDayAfter(from: Date, n: number): string {
    let t = Date.parse(`${WorkingDayCalendar.beijingDate(from)}T00:00:00Z`);
    for (let counted = 0; counted < n; ) {
      t += DAY_MS;
      if (this.isWorkingDay(new Date(t).toISOString().slice(0, 10))) counted += 1;
    }
    return new Date(t).toISOString().slice(0, 10);
  }

  /** The last instant (Beijing 23:59:59.999) of the Nth working day after `from`. */
  deadline(from: Date, workingDays: number): Date {
    const day = this.nthWorkingDayAfter(from, workingDays);
    return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - BEIJING_OFFSET_MS - 1);
  }

  /** Working days from the day after `from` to the day of `to`, both Beijing dates; 0 if `to` is not later. */
  workingDaysBetween(from: Date, to: Date): number {
    const end = Date.parse(`${WorkingDayCalendar.beijingDate(to)}T00:00:00Z`);
    let count = 0;
    for (let t = Date.parse(`${WorkingDayCalendar.beijingDate(from)}T00:00:00Z`) + DAY_MS; t <= end; t += DAY_MS) {
      if (this.isWorkingDay(new Date(t).toISOString().slice(0, 10))) count += 1;
    }
    return count;
  }
}
