import { describe, expect, it } from "vitest";
import { currentPeriod, periodLabel, recentPeriods } from "./periods";

const DEC_6 = new Date(2026, 11, 6, 9, 0);

describe("aid periods", () => {
  it("names the period a day falls in, as the aid service writes it", () => {
    expect(currentPeriod("monthly", DEC_6)).toBe("2026-12");
    expect(currentPeriod("once", DEC_6)).toBe("2026-12");
    expect(currentPeriod("quarterly", DEC_6)).toBe("2026-Q4");
    expect(currentPeriod("quarterly", new Date(2026, 2, 31))).toBe("2026-Q1");
    expect(currentPeriod("yearly", DEC_6)).toBe("2026");
  });
  it("offers the next period and the recent ones, newest first", () => {
    expect(recentPeriods("monthly", DEC_6, 4)).toEqual(["2027-01", "2026-12", "2026-11", "2026-10"]);
    expect(recentPeriods("quarterly", DEC_6, 3)).toEqual(["2027-Q1", "2026-Q4", "2026-Q3"]);
    expect(recentPeriods("yearly", DEC_6, 2)).toEqual(["2027", "2026"]);
  });
  it("says periods in words", () => {
    expect(periodLabel("2026-11", "id")).toBe("November 2026");
    expect(periodLabel("2026-08", "en")).toBe("August 2026");
    expect(periodLabel("2026-Q4", "id")).toBe("Tahap 4 2026");
    expect(periodLabel("2026-Q4", "en")).toBe("Quarter 4 2026");
    expect(periodLabel("2026", "id")).toBe("2026");
  });
});
