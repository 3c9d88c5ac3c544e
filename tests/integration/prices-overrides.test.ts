/**
 * Negotiated prices through the service verbs, as real users under RLS against the integration
 * stack: an override for a model the catalog does not know re-prices the events it covers (rollups
 * corrected), prices are entered per 1M tokens and stored per token exactly, versions and their
 * status, editing and deleting, the catalog lookup the form starts from, and the unpriced summary.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { daysAgo, ingest, pricesOrg, rejection, rollupTotals, storedEvent, type PricesOrg } from "./prices-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { advanceRepriceJob } from "../../lib/services/pricing/advance-reprice-job.ts";
import { countUnpricedEvents } from "../../lib/services/pricing/count-unpriced-events.ts";
import { deletePriceOverride } from "../../lib/services/pricing/delete-price-override.ts";
import { listPriceOverrides } from "../../lib/services/pricing/list-price-overrides.ts";
import { listRepriceJobs } from "../../lib/services/pricing/list-reprice-jobs.ts";
import { lookupCatalogPrices } from "../../lib/services/pricing/lookup-catalog-prices.ts";
import { savePriceOverride } from "../../lib/services/pricing/save-price-override.ts";
import { startUnpricedReprice } from "../../lib/services/pricing/start-unpriced-reprice.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

/** Works through every open job as the page does, and returns what the last one reported. */
async function runOpenJobs(ctx: OrgContext) {
  const { open } = await listRepriceJobs(ctx);
  const results = [];
  for (const job of open) {
    for (;;) {
      const progress = await advanceRepriceJob(ctx, { jobId: job.id });
      if (progress.done) {
        results.push(progress);
        break;
      }
    }
  }
  return results;
}

describe("a negotiated price for a model the catalog does not know", () => {
  let team: PricesOrg;
  let ctx: OrgContext;
  const model = `acme-large-${randomUUID().slice(0, 6)}`;
  const early = `early-${randomUUID()}`;
  const late = [`late-${randomUUID()}`, `late-${randomUUID()}`];

  beforeAll(async () => {
    team = await pricesOrg(sql, "ovr", "USD", "Europe/Berlin");
    ctx = await team.as("admin");
    await ingest(ctx, [
      { id: early, timestamp: daysAgo(10), service: "acme", model, quantities: { input_tokens: 1_000_000, output_tokens: 10 } },
      { id: late[0], timestamp: daysAgo(3), service: "acme", model, quantities: { input_tokens: 2_000_000, output_tokens: 500_000 } },
      { id: late[1], timestamp: daysAgo(1), service: "acme", model, quantities: { input_tokens: 1, output_tokens: 1 } },
      { id: randomUUID(), timestamp: daysAgo(1), service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 1000 } },
    ]);
  });

  it("shows the unpriced events by reason and by model", async () => {
    const summary = await countUnpricedEvents(ctx);
    expect(summary.total).toBe(3);
    expect(summary.byReason).toEqual([{ reason: "unknown_model", events: 3 }]);
    expect(summary.groups).toEqual([
      { reason: "unknown_model", service: "acme", model, currency: null, events: 3,
        firstDay: daysAgo(10).slice(0, 10), lastDay: daysAgo(1).slice(0, 10), firstUtcDay: daysAgo(10).slice(0, 10) },
    ]);
  });

  it("starts the form from the units the model is used with, as the catalog has no price for it", async () => {
    const lookup = await lookupCatalogPrices(ctx, { service: "ACME ", model: ` ${model}` });
    expect(lookup).toEqual({ catalog: null, override: null, usedUnits: ["input_token", "output_token"], firstUsedDay: daysAgo(10).slice(0, 10) });
  });

  it("stores prices entered per 1M tokens as exact per-token prices, queues a job, and the job re-prices what it covers", async () => {
    const before = await rollupTotals(sql, ctx.org.id);
    expect(before.unpriced).toBe("3");
    const saved = await savePriceOverride(ctx, {
      service: "acme", model, effectiveFrom: daysAgo(5).slice(0, 10), currency: "USD",
      prices: { input_token: "2.5", output_token: " 10.00000000000001 " }, note: "  Pilot contract  ",
    });
    expect(saved).toMatchObject({
      service: "acme", model, currency: "USD", effectiveDay: daysAgo(5).slice(0, 10), status: "current", note: "Pilot contract",
      unitPrices: { input_token: "0.0000025", output_token: "0.00001000000000000001" }, createdByEmail: ctx.actor.email,
    });
    // The day begins at midnight in the organization's zone (Berlin), not UTC.
    const [{ local }] = await sql`select to_char(effective_from at time zone 'Europe/Berlin', 'HH24:MI') as local from public.price_overrides where id = ${saved.id}`;
    expect(local).toBe("00:00");

    const { open, openCount } = await listRepriceJobs(ctx);
    expect(open).toMatchObject([{ reason: "price_override", service: "acme", model, total: null, scanned: 0, createdByEmail: ctx.actor.email }]);
    expect(openCount).toBe(1);

    const first = await advanceRepriceJob(ctx, { jobId: open[0].id });
    expect(first).toMatchObject({ jobId: open[0].id, total: 2, scanned: 2, changed: 2, done: true });

    expect(await storedEvent(sql, ctx.org.id, late[0])).toMatchObject({ pricing_status: "priced", cost: "10.000000000000005" });
    expect(await storedEvent(sql, ctx.org.id, late[1])).toMatchObject({ pricing_status: "priced", cost: "0.00001250000000000001" });
    // Before the first override there is only the catalog, which does not know the model.
    expect(await storedEvent(sql, ctx.org.id, early)).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "unknown_model" });

    const after = await rollupTotals(sql, ctx.org.id);
    expect(after.unpriced).toBe("1");
    const [{ delta }] = await sql`select (${after.cost}::numeric - ${before.cost}::numeric)::text as delta`;
    expect(delta).toBe("10.00001250000000500001");
    expect(await rollupMismatches(sql, ctx.org.id)).toEqual([]);
    expect((await countUnpricedEvents(ctx)).byReason).toEqual([{ reason: "unknown_model", events: 1 }]);
    expect((await listRepriceJobs(ctx)).finished[0]).toMatchObject({ id: open[0].id, total: 2, scanned: 2, changed: 2 });
  });

  it("lists versions with their status, and an edit re-prices with the new prices", async () => {
    const future = await savePriceOverride(ctx, {
      service: "acme", model, effectiveFrom: "2999-01-01", currency: "USD", prices: { input_token: "1", output_token: "1" },
    });
    const older = await savePriceOverride(ctx, {
      service: "acme", model, effectiveFrom: daysAgo(20).slice(0, 10), currency: "EUR", prices: { input_token: "3", output_token: "12" },
    });
    const versions = await listPriceOverrides(ctx);
    expect(versions.map((row) => [row.effectiveDay, row.status])).toEqual([
      ["2999-01-01", "scheduled"], [daysAgo(5).slice(0, 10), "current"], [daysAgo(20).slice(0, 10), "superseded"],
    ]);
    await runOpenJobs(ctx);
    // The older version now covers the early event, in EUR — and there is no EUR rate.
    expect(await storedEvent(sql, ctx.org.id, early)).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "no_fx_rate" });

    const current = versions[1];
    const edited = await savePriceOverride(ctx, { overrideId: current.id, currency: "USD", prices: { input_token: "1", output_token: "4" }, note: "" });
    expect(edited).toMatchObject({ id: current.id, effectiveDay: current.effectiveDay, note: null, unitPrices: { input_token: "0.000001", output_token: "0.000004" } });
    await runOpenJobs(ctx);
    expect(await storedEvent(sql, ctx.org.id, late[0])).toMatchObject({ cost: "4" });
    expect(await rollupMismatches(sql, ctx.org.id)).toEqual([]);

    await deletePriceOverride(ctx, { overrideId: future.id });
    await deletePriceOverride(ctx, { overrideId: older.id });
  });

  it("deleting the last version leaves the model unpriced again, rollups included", async () => {
    const [only] = await listPriceOverrides(ctx);
    expect(await deletePriceOverride(ctx, { overrideId: only.id })).toEqual({ overrideId: only.id });
    expect(await listPriceOverrides(ctx)).toEqual([]);
    await runOpenJobs(ctx);
    expect(await storedEvent(sql, ctx.org.id, late[0])).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "unknown_model", cost: null });
    expect((await rollupTotals(sql, ctx.org.id)).unpriced).toBe("3");
    expect(await rollupMismatches(sql, ctx.org.id)).toEqual([]);
    expect(await rejection(deletePriceOverride(ctx, { overrideId: only.id }))).toMatchObject({ code: "not_found" });
  });

  it("re-prices all unpriced usage on request, one open job at a time", async () => {
    const first = await startUnpricedReprice(ctx);
    expect(await startUnpricedReprice(team.owner)).toEqual(first);
    const progress = await advanceRepriceJob(ctx, first);
    expect(progress).toMatchObject({ total: 3, scanned: 3, changed: 0, done: true });
    expect(await startUnpricedReprice(ctx)).not.toEqual(first);
  });
});

describe("the catalog lookup", () => {
  it("gives the catalog's current base prices, its tiers flag, and the organization's newest version", async () => {
    const { owner } = await pricesOrg(sql, "lookup");
    const plain = await lookupCatalogPrices(owner, { service: "openai", model: "gpt-4o-mini" });
    expect(plain.catalog).toMatchObject({ model: "gpt-4o-mini", currency: "USD", hasTiers: false });
    expect(plain.catalog?.unitPrices).toMatchObject({ input_token: "0.00000015", output_token: "0.0000006" });
    expect(plain).toMatchObject({ override: null, usedUnits: [], firstUsedDay: null });

    const sms = await lookupCatalogPrices(owner, { service: "twilio", model: "sms-outbound-us" });
    expect(sms.catalog).toMatchObject({ unitPrices: { message: "0.0083" }, effectiveFrom: "2024-01-01T00:00:00.000Z" });

    await savePriceOverride(owner, { service: "twilio", model: "sms-outbound-us", effectiveFrom: "2026-01-01", currency: "EUR", prices: { message: "0.007" } });
    await savePriceOverride(owner, { service: "twilio", model: "sms-outbound-us", effectiveFrom: "2025-01-01", currency: "USD", prices: { message: "0.008" } });
    expect((await lookupCatalogPrices(owner, { service: "twilio", model: "sms-outbound-us" })).override)
      .toEqual({ effectiveDay: "2026-01-01", currency: "EUR", unitPrices: { message: "0.007" } });
  });
});

describe("validation", () => {
  it("reports each bad price on its own field, and refuses a second version from the same day", async () => {
    const { owner } = await pricesOrg(sql, "ovr-bad");
    const base = { service: "acme", model: "m", effectiveFrom: "2026-01-01", currency: "USD" };
    const error = await rejection(savePriceOverride(owner, {
      ...base, prices: { input_token: "", output_token: "1,5", message: "1234567890123", unit: "0.000000000000000000001", request: "1" },
    }));
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["price_input_token", "price_message", "price_output_token", "price_unit"]);

    expect((await rejection(savePriceOverride(owner, { ...base, prices: {} }))).fieldErrors).toEqual({ prices: ["Enter at least one unit price."] });
    expect((await rejection(savePriceOverride(owner, { ...base, prices: { gpu_hour: "1" } }))).fieldErrors?.prices).toBeDefined();
    const fields = await rejection(savePriceOverride(owner, { service: "Not OK", model: "", effectiveFrom: "2026-02-30", currency: "XXY", prices: { unit: "1" } }));
    expect(Object.keys(fields.fieldErrors ?? {}).sort()).toEqual(["currency", "effectiveFrom", "model", "service"]);

    // 14 decimals per 1M tokens is 20 per token: the most the database keeps.
    await savePriceOverride(owner, { ...base, prices: { input_token: "0.00000000000001" } });
    const twice = await rejection(savePriceOverride(owner, { ...base, prices: { input_token: "1" } }));
    expect(twice).toMatchObject({ code: "conflict", fieldErrors: { effectiveFrom: [expect.stringContaining("already")] } });
  });
});
