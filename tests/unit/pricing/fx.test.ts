import { describe, expect, it } from "vitest";
import { convert, fxTable, utcDay } from "@/lib/core/pricing/fx.ts";

const table = fxTable([
  { currency: "EUR", rate_date: "2026-11-20", rate: "1.08" },
  { currency: "EUR", rate_date: "2026-01-01", rate: "1.03" },
  { currency: "JPY", rate_date: "2026-11-01", rate: "0.0066" },
]);

describe("convert", () => {
  it("uses the newest rate dated on or before the instant's UTC day, however old", () => {
    expect(convert("10", "EUR", new Date("2026-11-20T00:00:00Z"), "USD", table)).toEqual({
      status: "converted", amount: "10.8", rate: "1.08", rateDate: "2026-11-20",
    });
    // The last second of the 19th (UTC) still takes the older rate.
    expect(convert("10", "EUR", new Date("2026-11-19T23:59:59Z"), "USD", table)).toMatchObject({ rate: "1.03", rateDate: "2026-01-01" });
    expect(convert("10", "EUR", new Date("2030-01-01T00:00:00Z"), "USD", table)).toMatchObject({ rate: "1.08" });
  });

  it("is exact: no float rounding on tiny or huge amounts", () => {
    expect(convert("0.000000025", "JPY", new Date("2026-11-02T00:00:00Z"), "USD", table)).toMatchObject({ amount: "0.000000000165" });
    expect(convert("123456789.123456789", "EUR", new Date("2026-12-01T00:00:00Z"), "USD", table)).toMatchObject({ amount: "133333332.25333333212" });
  });

  it("finds no rate before the first one, or for an unknown currency", () => {
    expect(convert("1", "EUR", new Date("2025-12-31T23:59:59Z"), "USD", table)).toEqual({ status: "no_rate" });
    expect(convert("1", "GBP", new Date("2026-11-20T00:00:00Z"), "USD", table)).toEqual({ status: "no_rate" });
  });

  it("leaves the base currency alone", () => {
    expect(convert("1.5", "USD", new Date(), "USD", table)).toEqual({ status: "same", amount: "1.5" });
  });

  it("names days in UTC", () => {
    expect(utcDay(new Date("2026-03-29T23:30:00-02:00"))).toBe("2026-03-30");
  });
});
