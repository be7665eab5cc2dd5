/** Rupiah, dates and numbers as Indonesians write them (and English when chosen). */
import type { Lang } from "../i18n";

const rupiahFmt = new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0 });

/** `Rp 15.000` (Intl puts a no-break space after "Rp"); the currency is always shown the Indonesian way. */
export function rupiah(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return "–";
  return rupiahFmt.format(amount);
}

const locales: Record<Lang, string> = { id: "id-ID", en: "en-GB" };

/** A date-only ISO string ("2026-11-23") is a calendar date, not UTC midnight: parse it as local. */
export function parseDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Balai's services keep UTC; a timestamp that lost its offset on the way (SQLite) is UTC, not local time.
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return new Date(`${value.replace(" ", "T")}Z`);
  return new Date(value);
}

/** "23 November 2026" */
export function formatDate(value: string | Date | null | undefined, lang: Lang = "id"): string {
  if (!value) return "–";
  const d = parseDate(value);
  if (Number.isNaN(d.getTime())) return "–";
  return new Intl.DateTimeFormat(locales[lang], { day: "numeric", month: "long", year: "numeric" }).format(d);
}

/** "23 Nov 2026 14.05" (Indonesian uses a dot between hours and minutes) */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang = "id"): string {
  if (!value) return "–";
  const d = parseDate(value);
  if (Number.isNaN(d.getTime())) return "–";
  return new Intl.DateTimeFormat(locales[lang], {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(d);
}

export function formatNumber(value: number, lang: Lang = "id"): string {
  return new Intl.NumberFormat(locales[lang]).format(value);
}

/**
 * Today's calendar date where the user is, "2026-11-23". Not `toISOString()`, which is UTC's date: in
 * Indonesia that is still yesterday until 07:00 (WIB), 08:00 (WITA) or 09:00 (WIT).
 */
export function isoToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** This month where the user is, "2026-11" (an aid period). */
export function isoMonth(now: Date = new Date()): string {
  return isoToday(now).slice(0, 7);
}

/** Age in whole years on `today`. */
export function age(birth: string, today: Date = new Date()): number {
  const b = parseDate(birth);
  let years = today.getFullYear() - b.getFullYear();
  if (today.getMonth() < b.getMonth() || (today.getMonth() === b.getMonth() && today.getDate() < b.getDate())) years--;
  return years;
}

/** "3317092016" -> "33.17.09.2016"; a dotted code stays as it is. */
export function dottedVillage(code: string): string {
  if (/^\d{10}$/.test(code)) return `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
  return code;
}

export function compactVillage(code: string): string {
  return code.replace(/\./g, "");
}

/** Keep only digits, at most `max` of them (NIK and PIN inputs). */
export function digitsOnly(value: string, max: number): string {
  return value.replace(/\D/g, "").slice(0, max);
}
