import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal } from "@/lib/core/money.ts";
import { crossing, percentOf, reaches, thresholdLine } from "@/lib/core/alerts/threshold-line.ts";

describe("thresholdLine", () => {
  it.each([
    ["1000", "80", "800"],
    ["1000", "100", "1000"],
    ["1000", "150", "1500"],
    ["1234.56", "33.3", "411.10848"],
    ["0.000000075", "50", "0.0000000375"],
    ["999.99", "0.5", "4.99995"],
    ["0", "80", "0"],
  ])("%s × %s %% = %s exactly", (amount, percent, expected) => {
    expect(formatDecimal(thresholdLine(amount, percent))).toBe(expected);
  });
});

describe("reaches", () => {
  const line = thresholdLine("1000", "80");
  it.each([
    ["800", true],
    ["800.000", true],
    ["799.999999999999", false],
    ["800.000000000001", true],
    ["0", false],
    ["-5", false],
    ["100000", true],
  ])("%s reaches 800: %s", (spent, expected) => {
    expect(reaches(spent, line)).toBe(expected);
  });
});

describe("crossing", () => {
  const line = thresholdLine("1000", "80");
  it.each([
    // up: old < line ≤ new
    ["799.99", "800", "up"],
    ["0", "1000", "up"],
    ["799.999999999999", "800.000000000001", "up"],
    ["-5", "900", "up"],
    // down: new < line ≤ old (repricing, refunds)
    ["800", "799.99", "down"],
    ["900", "0", "down"],
    ["800.000000000001", "799.999999999999", "down"],
    // none
    ["800", "800.01", null],
    ["800", "800", null],
    ["900", "800", null],
    ["799", "799.99", null],
    ["799.99", "799", null],
    ["0", "0", null],
  ])("%s → %s crosses %s", (before, after, expected) => {
    expect(crossing(before, after, line)).toBe(expected);
  });

  it("a line from a fractional percent is met exactly, with no rounding", () => {
    const fractional = thresholdLine("999.99", "0.5"); // 4.99995
    expect(crossing("4.99994", "4.99995", fractional)).toBe("up");
    expect(crossing("4.99994", "4.999949999", fractional)).toBe(null);
    expect(formatDecimal(fractional)).toBe(formatDecimal(parseDecimal("4.99995")));
  });
});

describe("percentOf", () => {
  it.each([
    ["812.4", "1000", 81.24],
    ["1", "3", 33.33],
    ["2", "3", 66.67],
    ["2000", "1000", 200],
    ["0", "1000", 0],
    ["0.004", "1000", 0],
    ["5", "0", 0],
    ["5", "-10", 0],
  ])("%s of %s is %s %%", (spent, amount, expected) => {
    expect(percentOf(spent, amount)).toBe(expected);
  });
});
