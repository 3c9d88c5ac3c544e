/**
 * Who may change prices: members and viewers read everything and change nothing; another
 * organization's override, rate or job is not found, and neither organization changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { daysAgo, ingest, pricesOrg, pricingState, rejection, type PricesOrg } from "./prices-support.ts";
import { advanceRepriceJob } from "../../lib/services/pricing/advance-reprice-job.ts";
import { countUnpricedEvents } from "../../lib/services/pricing/count-unpriced-events.ts";
import { deleteFxRate } from "../../lib/services/pricing/delete-fx-rate.ts";
import { deletePriceOverride } from "../../lib/services/pricing/delete-price-override.ts";
import { importFxRates } from "../../lib/services/pricing/import-fx-rates.ts";
import { listFxRates } from "../../lib/services/pricing/list-fx-rates.ts";
import { listPriceOverrides } from "../../lib/services/pricing/list-price-overrides.ts";
import { listRepriceJobs } from "../../lib/services/pricing/list-reprice-jobs.ts";
import { lookupCatalogPrices } from "../../lib/services/pricing/lookup-catalog-prices.ts";
import { saveFxRate } from "../../lib/services/pricing/save-fx-rate.ts";
import { savePriceOverride } from "../../lib/services/pricing/save-price-override.ts";
import { startUnpricedReprice } from "../../lib/services/pricing/start-unpriced-reprice.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let a: PricesOrg;
let overrideId: string;
let fxRateId: string;
let jobId: string;

beforeAll(async () => {
  a = await pricesOrg(sql, "prices-a", "EUR");
  await ingest(a.owner, [{ id: randomUUID(), timestamp: daysAgo(2), service: "acme", model: "m", quantities: { units: 3 } }]);
  overrideId = (await savePriceOverride(a.owner, { service: "acme", model: "m", effectiveFrom: "2026-01-01", currency: "EUR", prices: { unit: "0.5" } })).id;
  fxRateId = (await saveFxRate(a.owner, { currency: "USD", rateDate: "2026-01-01", rate: "0.9" })).id;
  jobId = (await listRepriceJobs(a.owner)).open[0].id;
});

/** Every write verb, aimed at organization A's rows. */
function writes(ctx: OrgContext) {
  return {
    addOverride: () => savePriceOverride(ctx, { service: "acme", model: "other", effectiveFrom: "2026-02-01", currency: "EUR", prices: { unit: "1" } }),
    editOverride: () => savePriceOverride(ctx, { overrideId, currency: "EUR", prices: { unit: "0" } }),
    deleteOverride: () => deletePriceOverride(ctx, { overrideId }),
    addRate: () => saveFxRate(ctx, { currency: "GBP", rateDate: "2026-01-01", rate: "1.1" }),
    editRate: () => saveFxRate(ctx, { fxRateId, rate: "5" }),
    deleteRate: () => deleteFxRate(ctx, { fxRateId }),
    importRates: () => importFxRates(ctx, { csv: "2026-01-02,GBP,1.1" }),
    startReprice: () => startUnpricedReprice(ctx),
    runJob: () => advanceRepriceJob(ctx, { jobId }),
  };
}

describe("members and viewers", () => {
  it("read prices, rates, jobs, unpriced usage and the catalog, and are refused every change", async () => {
    for (const role of ["member", "viewer"] as const) {
      const ctx = await a.as(role);
      expect((await listPriceOverrides(ctx)).map((row) => row.id)).toEqual([overrideId]);
      expect((await listFxRates(ctx)).rates.map((row) => row.id)).toEqual([fxRateId]);
      expect((await listRepriceJobs(ctx)).open.map((job) => job.id)).toContain(jobId);
      expect((await countUnpricedEvents(ctx)).total).toBe(1);
      expect((await lookupCatalogPrices(ctx, { service: "acme", model: "m" })).usedUnits).toEqual(["unit"]);

      const before = await pricingState(sql, a.owner.org.id);
      for (const [name, write] of Object.entries(writes(ctx))) {
        expect(await rejection(write()), `${role} ${name}`).toMatchObject({ code: "forbidden" });
      }
      expect(await pricingState(sql, a.owner.org.id)).toEqual(before);
    }
  });
});

describe("another organization's admin", () => {
  it("finds none of A's overrides, rates or jobs, and changes nothing in either organization", async () => {
    const b = await pricesOrg(sql, "prices-b", "EUR");
    const outsider = await b.as("admin");
    const [beforeA, beforeB] = [await pricingState(sql, a.owner.org.id), await pricingState(sql, b.owner.org.id)];
    const { editOverride, deleteOverride, editRate, deleteRate, runJob } = writes(outsider);
    for (const [name, write] of Object.entries({ editOverride, deleteOverride, editRate, deleteRate, runJob })) {
      expect(await rejection(write()), name).toMatchObject({ code: "not_found" });
    }
    expect(await pricingState(sql, a.owner.org.id)).toEqual(beforeA);
    expect(await pricingState(sql, b.owner.org.id)).toEqual(beforeB);
    expect(await listPriceOverrides(outsider)).toEqual([]);
    expect((await listFxRates(outsider)).rates).toEqual([]);
    expect(await listRepriceJobs(outsider)).toEqual({ open: [], openCount: 0, finished: [] });
    expect((await countUnpricedEvents(outsider)).total).toBe(0);
  });
});
