import { describe, expect, it } from "vitest";
import {
  age,
  compactVillage,
  digitsOnly,
  dottedVillage,
  formatDate,
  formatDateTime,
  isoMonth,
  isoToday,
  parseDate,
  rupiah,
} from "./format";

const nbsp = (s: string) => s.replace(/\u00a0/g, " ");

describe("rupiah", () => {
  it("formats Indonesian style without decimals", () => {
    expect(nbsp(rupiah(15000))).toBe("Rp 15.000");
    expect(nbsp(rupiah(1250000))).toBe("Rp 1.250.000");
    expect(nbsp(rupiah(0))).toBe("Rp 0");
    expect(nbsp(rupiah(2500.6))).toBe("Rp 2.501");
  });
  it("shows a dash for nothing", () => {
    expect(rupiah(null)).toBe("–");
    expect(rupiah(undefined)).toBe("–");
  });
});

describe("dates", () => {
  it("writes a calendar date in Indonesian", () => {
    expect(formatDate("2026-11-23")).toBe("23 November 2026");
    expect(formatDate("2026-08-17", "id")).toBe("17 Agustus 2026");
    expect(formatDate("2026-08-17", "en")).toBe("17 August 2026");
  });
  it("does not shift a date-only value through UTC", () => {
    expect(formatDate("2026-01-01")).toBe("1 Januari 2026");
  });
  it("writes date and time with Indonesian months", () => {
    const s = formatDateTime(new Date(2026, 10, 23, 14, 5));
    expect(s).toContain("Nov");
    expect(s).toContain("2026");
    expect(s).toMatch(/14[.:]05/);
  });
  it("reads a timestamp without an offset as UTC (what the services store)", () => {
    expect(parseDate("2026-11-23T13:21:28.917701").getTime()).toBe(Date.UTC(2026, 10, 23, 13, 21, 28, 917));
    expect(parseDate("2026-11-23T13:21:28+00:00").getTime()).toBe(Date.UTC(2026, 10, 23, 13, 21, 28));
    expect(parseDate("2026-11-23T20:21:28+07:00").getTime()).toBe(Date.UTC(2026, 10, 23, 13, 21, 28));
  });
  it("handles empty and broken values", () => {
    expect(formatDate(null)).toBe("–");
    expect(formatDate("not a date")).toBe("–");
  });
  it("writes today as the local calendar date, not UTC's", () => {
    expect(isoToday(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
    // 06:30 WIB on 1 December is still 30 November in UTC: the form must say 1 December
    const earlyMorning = new Date(Date.UTC(2026, 10, 30, 23, 30));
    expect(earlyMorning.getTimezoneOffset()).toBe(-420); // the suite runs in WIB (vite.config.ts)
    expect(isoToday(earlyMorning)).toBe("2026-12-01");
    expect(isoMonth(earlyMorning)).toBe("2026-12");
  });
  it("counts age in whole years", () => {
    expect(age("1990-01-05", new Date(2026, 0, 4))).toBe(35);
    expect(age("1990-01-05", new Date(2026, 0, 5))).toBe(36);
  });
});

describe("codes and digits", () => {
  it("dots and undots village codes", () => {
    expect(dottedVillage("3317092016")).toBe("33.17.09.2016");
    expect(dottedVillage("33.17.09.2016")).toBe("33.17.09.2016");
    expect(compactVillage("33.17.09.2016")).toBe("3317092016");
  });
  it("keeps digits only", () => {
    expect(digitsOnly("3317 0945-0190 0003xx", 16)).toBe("3317094501900003");
    expect(digitsOnly("1234567", 6)).toBe("123456");
  });
});
