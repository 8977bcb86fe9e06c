// China's public holidays and 调休 makeup working days, as data (State Council General Office
// notices). A year not listed here counts weekends only; add each year when its notice appears.
export type HolidayYear = {
  /** Days off that would otherwise be working days (weekends inside a holiday need not be listed). */
  holidays: readonly string[];
  /** Weekend days that are working days (调休上班). */
  makeupWorkdays: readonly string[];
  source: string;
  /** True while the official arrangement is not yet published: statutory days only, no 调休. */
  provisional?: boolean;
};

/** Every date in [from, to], as YYYY-MM-DD. */
function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export const CN_HOLIDAYS: Readonly<Record<number, HolidayYear>> = {
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    holidays: [
      ...span('2026-01-01', '2026-01-03'), // 元旦
      ...span('2026-02-15', '2026-02-23'), // 春节
      ...span('2026-04-04', '2026-04-06'), // 清明节
      ...span('2026-05-01', '2026-05-05'), // 劳动节
      ...span('2026-06-19', '2026-06-21'), // 端午节
      ...span('2026-09-25', '2026-09-27'), // 中秋节
      ...span('2026-10-01', '2026-10-07'), // 国庆节
    ],
    makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  2027: {
    source: '《全国年节及纪念日放假办法》statutory days; replace with the State Council notice for 2027 when it is published',
    provisional: true,
    holidays: [
      '2027-01-01', // 元旦
      ...span('2027-02-05', '2027-02-08'), // 春节：除夕至初三
      '2027-04-05', // 清明节
      '2027-05-01',
      '2027-05-02', // 劳动节
      '2027-06-09', // 端午节
      '2027-09-15', // 中秋节
      ...span('2027-10-01', '2027-10-03'), // 国庆节
    ],
    makeupWorkdays: [],
  },
};
