import type { Locale } from '../i18n/catalogue';

export function formatMoney(locale: Locale, amount: number | null | undefined): string {
  if (amount == null) return '—';
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(amount);
}

export function formatNumber(locale: Locale, n: number | null | undefined, digits = 1): string {
  if (n == null) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

export function formatDate(locale: Locale, value: string | number | null | undefined): string {
  if (value == null) return '—';
  const d = typeof value === 'number' ? new Date(value) : new Date(value.length === 10 ? `${value}T00:00:00` : value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function formatDateTime(locale: Locale, value: string | number | null | undefined): string {
  if (value == null) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** Shows only the last four characters of an identifier. */
export function mask(value: string | null | undefined): string {
  if (!value) return '—';
  return `••••${value.slice(-4)}`;
}

/** "YYYY-MM" for a date, n months back (0 = this month). */
export function monthKey(date: Date, monthsBack = 0): string {
  const d = new Date(date.getFullYear(), date.getMonth() - monthsBack, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
