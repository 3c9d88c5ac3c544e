/**
 * Exact decimal arithmetic for money and unit prices.
 *
 * Representation: a value is `coef × 10^-scale` with `coef` a bigint and `scale` ≥ 0 — arbitrary
 * precision, no float anywhere. Outside this module (JSON, the catalog file, the database) a value
 * travels as a plain decimal string such as "0.000000075" (maps 1:1 to Postgres `numeric`).
 *
 * Why not fixed nano-units (1e-9): per-token prices go below that — $0.0375 per million tokens is
 * 3.75e-8 per token — so a fixed scale would round unit prices. With an open scale, quantity ×
 * unit price and sums are exact; rounding happens only where a caller asks for it (`round`),
 * with the mode named at the call site.
 */
import { z } from "zod";

export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
}

export type RoundingMode = "half-even" | "half-up" | "down" | "up";

/** Plain decimal notation: optional minus, digits, optional fraction. No exponent, no "+", no ".5". */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export const decimalStringSchema = z.string().regex(DECIMAL_PATTERN, "expected a decimal string like \"0.0025\"");
export const nonNegativeDecimalStringSchema = z
  .string()
  .regex(/^\d+(\.\d+)?$/, "expected a non-negative decimal string like \"0.0025\"");

export const ZERO: Decimal = { coef: 0n, scale: 0 };

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Drops trailing fractional zeros so equal values have one form. */
function normalize(coef: bigint, scale: number): Decimal {
  if (coef === 0n) return ZERO;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return { coef, scale };
}

export function parseDecimal(text: string): Decimal {
  if (!DECIMAL_PATTERN.test(text)) throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const coef = BigInt(whole + fraction);
  return normalize(negative ? -coef : coef, fraction.length);
}

/**
 * A JSON number from a data source (e.g. 0.135 in a price list) taken as the decimal it was
 * written as: JS prints the shortest string that reads back to the same double, which for such
 * literals is the literal itself. Exponent forms ("1e-7") are expanded.
 */
export function decimalFromNumberLiteral(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`cannot read number ${value}`);
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const coef = BigInt(sign + whole + fraction);
  const scale = fraction.length - Number(exponent);
  return scale >= 0 ? normalize(coef, scale) : normalize(coef * pow10(-scale), 0);
}

export function formatDecimal(value: Decimal): string {
  const negative = value.coef < 0n;
  const digits = (negative ? -value.coef : value.coef).toString().padStart(value.scale + 1, "0");
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return (negative ? "-" : "") + whole + (fraction ? `.${fraction}` : "");
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.coef * pow10(scale - a.scale), b.coef * pow10(scale - b.scale), scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize(x + y, scale);
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, { coef: -b.coef, scale: b.scale });
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalize(a.coef * b.coef, a.scale + b.scale);
}

/** Unit price × a count (tokens, messages…). The count must be a safe integer: counts are never fractional. */
export function multiplyByQuantity(price: Decimal, quantity: number | bigint): Decimal {
  if (typeof quantity === "number" && !Number.isSafeInteger(quantity)) {
    throw new RangeError(`quantity must be a safe integer, got ${quantity}`);
  }
  return normalize(price.coef * BigInt(quantity), price.scale);
}

/** value × 10^exponent, exact (e.g. a per-million price to a per-unit price: exponent −6). */
export function scaleByPowerOfTen(value: Decimal, exponent: number): Decimal {
  if (!Number.isInteger(exponent)) throw new RangeError("exponent must be an integer");
  return exponent >= 0 ? normalize(value.coef * pow10(exponent), value.scale) : normalize(value.coef, value.scale - exponent);
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(value: Decimal): boolean {
  return value.coef === 0n;
}

/**
 * Rounds to `scale` fractional digits. Modes: "half-even" (banker's, the default — no upward
 * drift when many rounded amounts are summed), "half-up" (ties away from zero, as on invoices),
 * "down" (toward zero), "up" (away from zero).
 */
export function round(value: Decimal, scale: number, mode: RoundingMode = "half-even"): Decimal {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError("scale must be a non-negative integer");
  if (value.scale <= scale) return value;
  const divisor = pow10(value.scale - scale);
  const negative = value.coef < 0n;
  const magnitude = negative ? -value.coef : value.coef;
  let quotient = magnitude / divisor;
  const remainder = magnitude % divisor;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    const bump =
      mode === "up" ||
      (mode === "half-up" && twice >= divisor) ||
      (mode === "half-even" && (twice > divisor || (twice === divisor && quotient % 2n === 1n)));
    if (bump) quotient += 1n;
  }
  return normalize(negative ? -quotient : quotient, scale);
}

/** String-in, string-out helpers for callers that keep amounts as decimal strings. */
export function addDecimalStrings(a: string, b: string): string {
  return formatDecimal(add(parseDecimal(a), parseDecimal(b)));
}

export function sumDecimalStrings(values: Iterable<string>): string {
  let total = ZERO;
  for (const value of values) total = add(total, parseDecimal(value));
  return formatDecimal(total);
}
