import { describe, expect, it } from "vitest";
import { retryDelayMs } from "@/lib/core/alerts/retry-schedule.ts";

const low = () => 0;
const high = () => 1 - Number.EPSILON;
const middle = () => 0.5;
const s = 1000;
const min = 60 * s;

describe("retryDelayMs", () => {
  it.each([
    // attempt, shortest (random 0), middle (random 0.5), longest (random → 1)
    [1, 15 * s, 22.5 * s, 30 * s],
    [2, 30 * s, 45 * s, 60 * s],
    [3, 1 * min, 1.5 * min, 2 * min],
    [4, 2 * min, 3 * min, 4 * min],
    [5, 4 * min, 6 * min, 8 * min],
    [6, 8 * min, 12 * min, 16 * min],
    [7, 15 * min, 22.5 * min, 30 * min],
    [8, 15 * min, 22.5 * min, 30 * min],
    [10, 15 * min, 22.5 * min, 30 * min],
    [1000, 15 * min, 22.5 * min, 30 * min],
  ])("after failed attempt %i waits %i ms to %i ms", (attempt, shortest, halfway, longest) => {
    expect(retryDelayMs(attempt, { random: low })).toBe(shortest);
    expect(retryDelayMs(attempt, { random: middle })).toBe(halfway);
    expect(retryDelayMs(attempt, { random: high })).toBe(longest);
  });

  it("never shrinks from one attempt to the next at the same random draw, and stays under the cap", () => {
    for (const draw of [0, 0.25, 0.5, 0.75, 0.999]) {
      const delays = Array.from({ length: 20 }, (_, index) => retryDelayMs(index + 1, { random: () => draw }));
      for (let index = 1; index < delays.length; index += 1) expect(delays[index]).toBeGreaterThanOrEqual(delays[index - 1]);
      expect(Math.max(...delays)).toBeLessThanOrEqual(30 * min);
    }
  });

  it("is deterministic given the random draws", () => {
    const draws = [0.1, 0.9, 0.3];
    const run = () => {
      let index = 0;
      const random = () => draws[index++ % draws.length];
      return [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, { random }));
    };
    expect(run()).toEqual(run());
    expect(run()).toEqual([16_500, 57_000, 78_000, 132_000, 456_000, 624_000]);
  });

  it.each([
    // attempt, Retry-After seconds, expected (random 0)
    [1, 120, 120 * s], // longer than the backoff: the provider wins
    [1, 5, 15 * s], // shorter: the backoff wins
    [6, 60, 8 * min],
    [1, 0.5, 15 * s],
    [2, 45.2, 45.2 * s],
    [1, 3600, 60 * min],
    [1, 86_400, 60 * min], // a day is capped at an hour
    [1, 0, 15 * s],
    [1, -10, 15 * s],
    [1, Number.NaN, 15 * s],
    [1, Number.POSITIVE_INFINITY, 15 * s],
  ])("after attempt %i with Retry-After %s waits %i ms", (attempt, retryAfterSeconds, expected) => {
    expect(retryDelayMs(attempt, { retryAfterSeconds, random: low })).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses attempt %s", (attempt) => {
    expect(() => retryDelayMs(attempt, { random: low })).toThrow(RangeError);
  });

  it("delivers within about 32 minutes when the provider is down for ten (the documented schedule)", () => {
    for (const random of [low, middle, high]) {
      let at = 0;
      let attempt = 1;
      // An attempt at or after minute 10 succeeds.
      while (at < 10 * min) {
        at += retryDelayMs(attempt, { random });
        attempt += 1;
      }
      expect(attempt).toBeLessThanOrEqual(7);
      expect(at).toBeLessThanOrEqual(31.5 * min);
    }
  });
});
