import { describe, expect, it } from "vitest";
import {
  add,
  addDecimalStrings,
  compare,
  decimalFromNumberLiteral,
  formatDecimal,
  multiply,
  multiplyByQuantity,
  parseDecimal,
  round,
  scaleByPowerOfTen,
  sumDecimalStrings,
  type RoundingMode,
} from "@/lib/core/money.ts";

const d = parseDecimal;
const f = formatDecimal;

describe("money", () => {
  it.each([
    ["0", "0"],
    ["-0", "0"],
    ["1.50", "1.5"],
    ["0.000000075", "0.000000075"],
    ["-12.340", "-12.34"],
    ["007", "7"],
    ["123456789012345678901234567890.123456789012345678", "123456789012345678901234567890.123456789012345678"],
  ])("parses and formats %s as %s", (input, output) => {
    expect(f(d(input))).toBe(output);
  });

  it.each(["", "1e-7", "+1", ".5", "1.", "1,5", "abc", " 1"])("rejects %j", (input) => {
    expect(() => d(input)).toThrow(RangeError);
  });

  it("adds without float error (0.1 + 0.2 = 0.3)", () => {
    expect(f(add(d("0.1"), d("0.2")))).toBe("0.3");
    expect(addDecimalStrings("-0.5", "0.25")).toBe("-0.25");
    expect(sumDecimalStrings(Array.from({ length: 10 }, () => "0.1"))).toBe("1");
  });

  it("multiplies a tiny unit price by a large quantity exactly", () => {
    // $0.0375 per million tokens, 123,456,789 tokens
    const perToken = scaleByPowerOfTen(d("0.0375"), -6);
    expect(f(perToken)).toBe("0.0000000375");
    expect(f(multiplyByQuantity(perToken, 123_456_789))).toBe("4.6296295875");
    expect(f(multiply(d("1.5"), d("-0.2")))).toBe("-0.3");
    expect(f(multiplyByQuantity(d("0.0083"), 0))).toBe("0");
  });

  it("refuses fractional or unsafe quantities", () => {
    expect(() => multiplyByQuantity(d("1"), 1.5)).toThrow(RangeError);
    expect(() => multiplyByQuantity(d("1"), 2 ** 60)).toThrow(RangeError);
    expect(f(multiplyByQuantity(d("0.000001"), 2n ** 60n))).toBe("1152921504606.846976");
  });

  it("reads JSON number literals as written", () => {
    expect(f(decimalFromNumberLiteral(0.135))).toBe("0.135");
    expect(f(decimalFromNumberLiteral(1e-7))).toBe("0.0000001");
    expect(f(decimalFromNumberLiteral(2.5e21))).toBe("2500000000000000000000");
    expect(f(decimalFromNumberLiteral(37.5))).toBe("37.5");
    expect(() => decimalFromNumberLiteral(Number.NaN)).toThrow(RangeError);
  });

  it("compares across scales", () => {
    expect(compare(d("1.10"), d("1.1"))).toBe(0);
    expect(compare(d("0.00001"), d("0.0001"))).toBe(-1);
    expect(compare(d("-1"), d("-2"))).toBe(1);
  });

  it.each<[string, number, RoundingMode, string]>([
    ["1.005", 2, "half-even", "1"],
    ["1.015", 2, "half-even", "1.02"],
    ["1.025", 2, "half-even", "1.02"],
    ["1.025", 2, "half-up", "1.03"],
    ["-1.025", 2, "half-up", "-1.03"],
    ["1.0251", 2, "half-even", "1.03"],
    ["1.029", 2, "down", "1.02"],
    ["1.021", 2, "up", "1.03"],
    ["-1.021", 2, "up", "-1.03"],
    ["0.0000000375", 9, "half-even", "0.000000038"],
    ["12.5", 0, "half-even", "12"],
    ["1.5", 4, "half-even", "1.5"],
  ])("rounds %s to %d places (%s) → %s", (value, scale, mode, expected) => {
    expect(f(round(d(value), scale, mode))).toBe(expected);
  });
});
