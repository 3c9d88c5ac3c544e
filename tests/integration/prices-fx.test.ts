/**
 * Exchange rates through the service verbs against the integration stack: a cost in another
 * currency waits unpriced for a rate, adding, correcting and deleting a rate re-prices it (rollups
 * included), the base currency is refused (SG041), and CSV imports report bad rows by line while
 * storing the good ones in one go.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { daysAgo, ingest, pricesOrg, pricingState, rejection, rollupTotals, storedEvent } from "./prices-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { advanceRepriceJob } from "../../lib/services/pricing/advance-reprice-job.ts";
import { countUnpricedEvents } from "../../lib/services/pricing/count-unpriced-events.ts";
import { deleteFxRate } from "../../lib/services/pricing/delete-fx-rate.ts";
import { importFxRates } from "../../lib/services/pricing/import-fx-rates.ts";
import { listFxRates } from "../../lib/services/pricing/list-fx-rates.ts";
import { listRepriceJobs } from "../../lib/services/pricing/list-reprice-jobs.ts";
import { saveFxRate } from "../../lib/services/pricing/save-fx-rate.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

async function runOpenJobs(ctx: OrgContext) {
  for (const job of (await listRepriceJobs(ctx)).open) {
    while (!(await advanceRepriceJob(ctx, { jobId: job.id })).done);
  }
}

const day = (days: number) => daysAgo(days).slice(0, 10);

describe("manual rates", () => {
  let ctx: OrgContext;
  const usd = `usd-${randomUUID()}`;

  beforeAll(async () => {
    ctx = (await pricesOrg(sql, "fx", "EUR")).owner;
    await ingest(ctx, [{ id: usd, timestamp: daysAgo(3), service: "aws", model: "ec2", cost: "10", currency: "USD" }]);
  });

  it("leaves a cost in another currency unpriced until there is a rate on or before its day", async () => {
    expect(await storedEvent(sql, ctx.org.id, usd)).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "no_fx_rate" });
    expect((await countUnpricedEvents(ctx)).groups).toMatchObject([{ reason: "no_fx_rate", service: "aws", model: "ec2", currency: "USD", events: 1 }]);

    const saved = await saveFxRate(ctx, { currency: "USD", rateDate: day(4), rate: " 0.92 " });
    expect(saved).toMatchObject({ currency: "USD", rateDate: day(4), rate: "0.92", source: "manual" });
    const { open } = await listRepriceJobs(ctx);
    expect(open).toMatchObject([{ reason: "fx_rate", originalCurrency: "USD", occurredFrom: new Date(`${day(4)}T00:00:00Z`) }]);
    expect(await advanceRepriceJob(ctx, { jobId: open[0].id })).toMatchObject({ total: 1, changed: 1, done: true });
    expect(await storedEvent(sql, ctx.org.id, usd)).toMatchObject({ pricing_status: "provided", cost: "9.2", fx_rate: "0.92" });
    expect(await rollupTotals(sql, ctx.org.id)).toEqual({ cost: "9.2", unpriced: "0" });
    expect((await countUnpricedEvents(ctx)).total).toBe(0);

    const corrected = await saveFxRate(ctx, { fxRateId: saved.id, rate: "0.9" });
    expect(corrected).toMatchObject({ id: saved.id, rate: "0.9", rateDate: day(4) });
    await runOpenJobs(ctx);
    expect(await storedEvent(sql, ctx.org.id, usd)).toMatchObject({ cost: "9" });

    expect(await deleteFxRate(ctx, { fxRateId: saved.id })).toEqual({ fxRateId: saved.id });
    await runOpenJobs(ctx);
    expect(await storedEvent(sql, ctx.org.id, usd)).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "no_fx_rate", cost: null });
    expect(await rollupTotals(sql, ctx.org.id)).toEqual({ cost: "0", unpriced: "1" });
    expect(await rollupMismatches(sql, ctx.org.id)).toEqual([]);
    expect(await rejection(deleteFxRate(ctx, { fxRateId: saved.id }))).toMatchObject({ code: "not_found" });
  });

  it("refuses a rate for the base currency (SG041), a second rate for one day, and malformed rates", async () => {
    const before = await pricingState(sql, ctx.org.id);
    const base = await rejection(saveFxRate(ctx, { currency: "EUR", rateDate: day(1), rate: "1" }));
    expect(base).toMatchObject({ code: "invalid", fieldErrors: { currency: ["Choose another currency."] } });
    expect(await pricingState(sql, ctx.org.id)).toEqual(before);

    await saveFxRate(ctx, { currency: "GBP", rateDate: day(1), rate: "1.15" });
    expect(await rejection(saveFxRate(ctx, { currency: "GBP", rateDate: day(1), rate: "1.2" })))
      .toMatchObject({ code: "conflict", fieldErrors: { rateDate: [expect.stringContaining("already a rate")] } });
    for (const rate of ["0", "0.000", "-1", "1,2", "1e3", "1000000000", ""]) {
      expect((await rejection(saveFxRate(ctx, { currency: "GBP", rateDate: day(2), rate }))).fieldErrors, rate).toHaveProperty("rate");
    }
    expect((await rejection(saveFxRate(ctx, { currency: "usd", rateDate: "2026-13-01", rate: "1" }))).fieldErrors)
      .toMatchObject({ currency: expect.any(Array), rateDate: expect.any(Array) });
  });

  it("lists a summary per currency and the newest rates, of one currency when asked", async () => {
    await saveFxRate(ctx, { currency: "USD", rateDate: day(30), rate: "0.95" });
    await saveFxRate(ctx, { currency: "USD", rateDate: day(2), rate: "0.93" });
    const all = await listFxRates(ctx);
    expect(all.currencies).toEqual([
      { currency: "GBP", rates: 1, newestDate: day(1), newestRate: "1.15", oldestDate: day(1) },
      { currency: "USD", rates: 2, newestDate: day(2), newestRate: "0.93", oldestDate: day(30) },
    ]);
    expect(all.rates.map((rate) => [rate.currency, rate.rateDate])).toEqual([["GBP", day(1)], ["USD", day(2)], ["USD", day(30)]]);
    expect(all.total).toBe(3);
    const gbp = await listFxRates(ctx, { currency: "GBP" });
    expect(gbp).toMatchObject({ currency: "GBP", total: 1, rates: [{ currency: "GBP" }] });
  });
});

describe("importing rates", () => {
  it("stores the good rows in one go and reports each bad one by line", async () => {
    const ctx = (await pricesOrg(sql, "fx-import", "EUR")).owner;
    const gbp = `gbp-${randomUUID()}`;
    await ingest(ctx, [{ id: gbp, timestamp: daysAgo(5), service: "twilio", model: "sms-outbound-us", cost: "2", currency: "GBP" }]);
    const csv = [
      "Rate,Currency,Date,Source",
      `1.1500,GBP,${day(10)},bank`,
      `0.92,usd,${day(10)},bank`,
      `1.16,GBP,${day(6)},bank`,
      `1.17,GBP,${day(6)},again`,
      `1,EUR,${day(6)},base`,
      `0,CHF,${day(6)},zero`,
      `"1,04",CHF,${day(6)},comma`,
      `1.04,XXX1,${day(6)},code`,
      "1.04,CHF,2026-02-30,date",
      "1.04,CHF",
      "",
      `"0.0061",JPY,${day(6)},quoted`,
    ].join("\r\n");
    const result = await importFxRates(ctx, { csv });
    expect(result).toEqual({
      added: 4, updated: 0, unchanged: 0,
      problems: [
        { line: 5, message: `A second rate for GBP on ${day(6)} (the first is on line 4).` },
        { line: 6, message: "EUR is the base currency: it needs no rate." },
        { line: 7, message: 'Rate "0": A rate must be more than 0.' },
        { line: 8, message: expect.stringContaining('Rate "1,04"') },
        { line: 9, message: 'Currency "XXX1": use an ISO 4217 code like USD.' },
        { line: 10, message: 'Date "2026-02-30": use a date like 2026-01-31.' },
        { line: 11, message: expect.stringContaining("Expected 4 fields") },
      ],
    });
    const stored = await sql`select currency, rate_date::text as day, rate::text, source from public.fx_rates where org_id = ${ctx.org.id} order by currency, rate_date`;
    expect(stored).toEqual([
      { currency: "GBP", day: day(10), rate: "1.1500", source: "import" },
      { currency: "GBP", day: day(6), rate: "1.16", source: "import" },
      { currency: "JPY", day: day(6), rate: "0.0061", source: "import" },
      { currency: "USD", day: day(10), rate: "0.92", source: "import" },
    ]);

    await runOpenJobs(ctx);
    expect(await storedEvent(sql, ctx.org.id, gbp)).toMatchObject({ pricing_status: "provided", cost: "2.32", fx_rate: "1.16" });
    expect(await rollupMismatches(sql, ctx.org.id)).toEqual([]);

    // The same rows again change nothing and queue nothing; a changed rate is updated. No header: date, currency, rate.
    const jobs = (await sql`select count(*)::int as n from public.reprice_jobs where org_id = ${ctx.org.id}`)[0].n;
    const again = await importFxRates(ctx, { csv: `${day(10)},GBP,1.15\n${day(6)},GBP,1.18\n${day(6)},JPY,0.00610\n` });
    expect(again).toEqual({ added: 0, updated: 1, unchanged: 2, problems: [] });
    const [{ n }] = await sql`select count(*)::int as n from public.reprice_jobs where org_id = ${ctx.org.id}`;
    expect(n).toBe(jobs + 1);
  });

  it("refuses a file it cannot read at all, writing nothing", async () => {
    const ctx = (await pricesOrg(sql, "fx-import-bad", "USD")).owner;
    const before = await pricingState(sql, ctx.org.id);
    for (const csv of ["when,what\n2026-01-01,EUR", `2026-01-01,EUR,"0.9\n`, "   \n", `date,currency,rate\n${"2026-01-01,EUR,1\n".repeat(20_001)}`]) {
      const error = await rejection(importFxRates(ctx, { csv }));
      expect(error.code).toBe("invalid");
      expect(error.fieldErrors).toHaveProperty("csv");
    }
    const bad = await importFxRates(ctx, { csv: "date,currency,rate\n2026-01-01,USD,1\n" });
    expect(bad).toMatchObject({ added: 0, problems: [{ line: 2, message: "USD is the base currency: it needs no rate." }] });
    expect(await pricingState(sql, ctx.org.id)).toEqual(before);
  });
});
