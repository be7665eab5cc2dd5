/**
 * Aid periods as the aid service writes them: "2026-11" (monthly, and the month of a one-off payment),
 * "2026-Q4" (quarterly: PKH pays in "tahap"), "2026" (yearly). The console offers the periods a programme
 * has, or, for an open-ended one, the recent ones around today (in the village's calendar).
 */
import type { Lang } from "../i18n";
import { isoMonth } from "../lib/format";

export type PeriodKind = "monthly" | "quarterly" | "yearly" | "once";

/** The period `now` falls in. */
export function currentPeriod(kind: PeriodKind, now: Date = new Date()): string {
  const year = now.getFullYear();
  if (kind === "yearly") return String(year);
  if (kind === "quarterly") return `${year}-Q${Math.floor(now.getMonth() / 3) + 1}`;
  return isoMonth(now);
}

/** `count` periods ending with the next one after `now`, newest first (a payment is often recorded late). */
export function recentPeriods(kind: PeriodKind, now: Date = new Date(), count = 8): string[] {
  const step = kind === "yearly" ? 12 : kind === "quarterly" ? 3 : 1;
  const out: string[] = [];
  for (let i = -1; out.length < count; i++) {
    out.push(currentPeriod(kind, new Date(now.getFullYear(), now.getMonth() - i * step, 1)));
  }
  return out;
}

/** "November 2026", "Tahap 4 2026" / "Quarter 4 2026", "2026". */
export function periodLabel(period: string, lang: Lang): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return lang === "id" ? `Tahap ${quarter[2]} ${quarter[1]}` : `Quarter ${quarter[2]} ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const d = new Date(Number(month[1]), Number(month[2]) - 1, 1);
    return new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", { month: "long", year: "numeric" }).format(d);
  }
  return period;
}
