import { describe, expect, it } from "vitest";
import { clipName, formatAmount, formatDay, formatPercent, formatTimeOfDay, formatWindow } from "@/lib/core/alerts/message-format.ts";

describe("formatAmount", () => {
  it.each([
    ["1000", "USD", "symbol", "$1,000.00"],
    ["812.4", "USD", "symbol", "$812.40"],
    ["0.005", "USD", "symbol", "$0.01"], // half-up, as on invoices
    ["0.015", "USD", "symbol", "$0.02"],
    ["2.675", "USD", "symbol", "$2.68"], // a float would say 2.67
    ["1234567.125", "USD", "symbol", "$1,234,567.13"],
    ["9007199254740993.01", "USD", "symbol", "$9,007,199,254,740,993.01"], // beyond 2^53: still exact
    ["0.0042", "USD", "symbol", "$0.0042"], // below a cent: two significant digits, not $0.00
    ["0.000000015", "USD", "symbol", "$0.000000015"],
    ["0", "USD", "symbol", "$0.00"],
    ["-12.5", "USD", "symbol", "-$12.50"],
    ["150000.5", "JPY", "symbol", "¥150,001"],
    ["1.2345", "BHD", "symbol", "BHD 1.235"],
    ["99.99", "EUR", "symbol", "€99.99"],
    ["1000", "INR", "symbol", "₹1,000.00"],
    ["1000", "INR", "code", "INR 1,000.00"],
    ["12.5", "USD", "code", "USD 12.50"],
  ] as const)("%s %s (%s) → %s", (value, currency, display, expected) => {
    expect(formatAmount(value, currency, display)).toBe(expected);
  });

  it("refuses a currency code that is not one", () => {
    expect(() => formatAmount("1", "NOPE")).toThrow(RangeError);
  });
});

describe("formatPercent / formatWindow", () => {
  it.each([
    [80, "80%"],
    [81.24, "81.2%"],
    [112.05, "112.1%"],
    [1250, "1,250%"],
    [0, "0%"],
  ])("percent %s → %s", (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });

  it.each([
    [5, "the last 5 minutes"],
    [15, "the last 15 minutes"],
    [60, "the last hour"],
    [90, "the last 90 minutes"],
    [120, "the last 2 hours"],
    [1440, "the last day"],
  ])("window %s min → %s", (minutes, expected) => {
    expect(formatWindow(minutes)).toBe(expected);
  });
});

describe("dates", () => {
  it.each([
    ["2026-03-27T10:00:00Z", "UTC", "27 March 2026", "10:00 UTC"],
    ["2026-03-27T23:30:00Z", "Europe/Berlin", "28 March 2026", "00:30 CET"],
    ["2026-03-27T03:30:00Z", "America/New_York", "26 March 2026", "23:30 GMT-4"],
  ])("%s in %s → %s, %s", (iso, timeZone, day, time) => {
    expect(formatDay(new Date(iso), timeZone)).toBe(day);
    expect(formatTimeOfDay(new Date(iso), timeZone)).toBe(time);
  });
});

describe("clipName", () => {
  it.each([
    ["OpenAI prod", 40, "OpenAI prod"],
    ["Production inference spend", 12, "Production…"],
    ["  spaced\nout\tname ", 40, "spaced out name"],
    ["😀😀😀😀😀", 3, "😀😀…"],
  ])("%j cut to %i → %j", (value, max, expected) => {
    expect(clipName(value, max)).toBe(expected);
  });
});
