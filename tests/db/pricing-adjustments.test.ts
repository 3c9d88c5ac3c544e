/**
 * SQL pieces of the pricing-adjustments migration that the app relies on directly: the latency
 * buckets agree with lib/core, histograms add up, unit prices are validated, and the repricing,
 * pricing-context and retention functions are service_role's alone.
 */
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../helpers/db.ts";
import { LATENCY_BOUNDS_MS, latencyBucket } from "../../lib/core/usage/latency-histogram.ts";

const owner = connect({ user: "postgres" });
afterAll(() => owner.end());

describe("latency histogram", () => {
  it("uses the same bucket bounds as lib/core", async () => {
    const [row] = await owner<{ bounds: number[] }[]>`select private.latency_bounds() as bounds`;
    expect(row.bounds).toEqual([...LATENCY_BOUNDS_MS]);
  });

  it("puts each latency in the bucket lib/core names, bounds included", async () => {
    const samples = [0, 9, 10, 24, 25, 999, 1000, 119_999, 120_000, 86_400_000];
    const rows = await owner<{ x: number; bucket: number }[]>`
      select x, width_bucket(x, private.latency_bounds()) as bucket from unnest(${samples}::int[]) x`;
    expect(rows.map((row) => row.bucket)).toEqual(samples.map(latencyBucket));
  });

  it("counts latencies per bucket, ignores nulls, and adds histograms of different lengths", async () => {
    const [row] = await owner<{ h: string[]; none: string[]; sum: string[] }[]>`
      select private.latency_histogram(array[5, 5, 30, null, 200000]) as h,
        private.latency_histogram(array[null]::int[]) as none,
        private.add_histograms('{1,2}', '{0,1,5}') as sum`;
    const expected = new Array(LATENCY_BOUNDS_MS.length + 1).fill("0");
    expected[0] = "2";
    expected[2] = "1";
    expected[LATENCY_BOUNDS_MS.length] = "1";
    expect(row.h).toEqual(expected);
    expect(row.none).toEqual([]);
    expect(row.sum).toEqual(["1", "3", "5"]);
  });
});

describe("unit prices", () => {
  it.each([
    [{ input_token: "0.000001", unit: "2" }, true],
    [{}, false],
    [{ input_tokens: "1" }, false],
    [{ input_token: 1 }, false],
    [{ input_token: "-1" }, false],
    [{ input_token: "1e-6" }, false],
    [["input_token"], false],
  ])("%j valid: %s", async (prices, valid) => {
    const [row] = await owner<{ ok: boolean }[]>`select private.are_valid_unit_prices(${owner.json(prices)}) as ok`;
    expect(row.ok).toBe(valid);
  });
});

describe("privileges", () => {
  it.each(["private.reprice_events(uuid, jsonb)", "private.pricing_context(uuid, date, date)", "private.apply_usage_retention(timestamptz)"])(
    "%s: service_role only",
    async (fn) => {
      const [row] = await owner`
        select has_function_privilege('service_role', ${fn}, 'execute') as service,
          has_function_privilege('authenticated', ${fn}, 'execute') as authenticated,
          has_function_privilege('anon', ${fn}, 'execute') as anon`;
      expect(row).toEqual({ service: true, authenticated: false, anon: false });
    },
  );
});
