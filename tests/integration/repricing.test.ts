/**
 * Prices that change after ingest, against the real stack: FX conversion at ingest, per-org
 * overrides, the reprice jobs that changing either queues, repricing in batches (rollups corrected,
 * progress kept, re-runs harmless, concurrent ingest), a randomized mixed workload checked against
 * an oracle, retention, and a job of another organization (not found, nothing changed).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, superuserSql, uniqueSlug } from "./org-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { withUser } from "../../lib/db/index.ts";
import { fxTable } from "../../lib/core/pricing/fx.ts";
import { applyOverrides, priceOverrideSchema } from "../../lib/core/pricing/overrides.ts";
import { isRejection, prepareEvent, type PreparedEvent } from "../../lib/core/usage/ingest-event.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { REPRICE_BATCH, repriceAll, repriceNextBatch } from "../../lib/services/pricing/reprice-events.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import type { IngestTarget } from "../../lib/services/usage/ingest-target.ts";
import { priceCatalog } from "../../lib/services/usage/price-catalog.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const DAY = 86_400_000;
const daysAgo = (days: number, hour = 12) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};
const dayOf = (iso: string) => iso.slice(0, 10);

async function newOrg(label: string, baseCurrency: string): Promise<OrgContext> {
  const owner = await newUser(`${label}-owner`);
  const slug = uniqueSlug(label);
  await createOrganization({ actor: owner.actor }, { name: `${label} Co`, slug, baseCurrency, timezone: "UTC" });
  return resolveOrgContext(owner.actor, slug);
}

const target = (ctx: OrgContext): IngestTarget => ({ org: ctx.org, source: "api", apiKeyId: null, userId: null });

/** As the org's owner, under RLS — how the settings page writes. */
function asOwner<T>(ctx: OrgContext, fn: Parameters<typeof withUser<T>>[1]): Promise<T> {
  return withUser(ctx.actor.claims, fn);
}

async function openJobs(orgId: string) {
  return sql<{ id: string; reason: string; service: string | null; model: string | null; original_currency: string | null; occurred_from: Date | null }[]>`
    select id, reason, service, model, original_currency, occurred_from from public.reprice_jobs
    where org_id = ${orgId} and finished_at is null order by created_at`;
}

async function runOpenJobs(orgId: string, batchSize = REPRICE_BATCH) {
  for (const job of await openJobs(orgId)) await repriceAll(orgId, job.id, batchSize);
}

async function event(orgId: string, id: string) {
  const [row] = await sql<{ cost: string | null; pricing_status: string; unpriced_reason: string | null; original_cost: string | null; original_currency: string | null; fx_rate: string | null; fx_rate_date: string | null }[]>`
    select cost::text, pricing_status, unpriced_reason, original_cost::text, original_currency, fx_rate::text, fx_rate_date::text
    from public.usage_events where org_id = ${orgId} and client_event_id = ${id}`;
  return row;
}

async function unpricedInRollups(orgId: string): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select coalesce(sum(unpriced_count), 0)::text as n from public.spend_rollups where org_id = ${orgId}`;
  return Number(row.n);
}

describe("FX rates", () => {
  let eur: OrgContext;
  beforeAll(async () => {
    eur = await newOrg("fx", "EUR");
    await asOwner(eur, (tx) => tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${eur.org.id}, 'USD', ${dayOf(daysAgo(30))}, '0.9')`);
  });

  it("converts catalog prices and provided costs at ingest, keeping the rate, and leaves a currency without a rate unpriced", async () => {
    const ids = { priced: randomUUID(), usd: randomUUID(), gbp: randomUUID(), eurCost: randomUUID() };
    const result = await ingestEvents(target(eur), [
      { id: ids.priced, timestamp: daysAgo(2), service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 1_000_000 } },
      { id: ids.usd, timestamp: daysAgo(2), service: "aws", model: "ec2", cost: "10", currency: "USD" },
      { id: ids.gbp, timestamp: daysAgo(2), service: "aws", model: "ec2", cost: "10", currency: "GBP" },
      { id: ids.eurCost, timestamp: daysAgo(2), service: "aws", model: "ec2", cost: "10", currency: "EUR" },
    ]);
    expect(result).toMatchObject({ accepted: 4, rejected: [] });
    const rateDay = dayOf(daysAgo(30));
    expect(await event(eur.org.id, ids.priced)).toMatchObject({
      pricing_status: "priced", cost: "0.135", original_cost: "0.15", original_currency: "USD", fx_rate: "0.9", fx_rate_date: rateDay,
    });
    expect(await event(eur.org.id, ids.usd)).toMatchObject({ pricing_status: "provided", cost: "9", original_cost: "10" });
    expect(await event(eur.org.id, ids.gbp)).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "no_fx_rate", cost: null, original_cost: "10", original_currency: "GBP" });
    expect(await event(eur.org.id, ids.eurCost)).toMatchObject({ pricing_status: "provided", cost: "10", fx_rate: null });
    expect(await rollupMismatches(sql, eur.org.id)).toEqual([]);

    // A GBP rate dated after the event does not apply; one dated before it does — each queues a job.
    await asOwner(eur, (tx) => tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${eur.org.id}, 'GBP', ${dayOf(daysAgo(1))}, '1.2')`);
    await runOpenJobs(eur.org.id);
    expect(await event(eur.org.id, ids.gbp)).toMatchObject({ unpriced_reason: "no_fx_rate" });
    await asOwner(eur, (tx) => tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${eur.org.id}, 'GBP', ${dayOf(daysAgo(3))}, '1.15')`);
    const jobs = await openJobs(eur.org.id);
    expect(jobs).toMatchObject([{ reason: "fx_rate", original_currency: "GBP" }]);
    await runOpenJobs(eur.org.id);
    expect(await event(eur.org.id, ids.gbp)).toMatchObject({ pricing_status: "provided", cost: "11.5", fx_rate: "1.15", fx_rate_date: dayOf(daysAgo(3)) });
    expect(await unpricedInRollups(eur.org.id)).toBe(0);

    // Correcting a rate re-prices what used it, rollups included.
    await asOwner(eur, (tx) => tx`update public.fx_rates set rate = '0.92' where org_id = ${eur.org.id} and currency = 'USD'`);
    await runOpenJobs(eur.org.id);
    expect(await event(eur.org.id, ids.usd)).toMatchObject({ cost: "9.2", fx_rate: "0.92" });
    expect(await event(eur.org.id, ids.priced)).toMatchObject({ cost: "0.138" });
    expect(await rollupMismatches(sql, eur.org.id)).toEqual([]);
  });

  it("refuses a rate for the base currency itself (SG041)", async () => {
    await expect(asOwner(eur, (tx) => tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${eur.org.id}, 'EUR', '2026-01-01', '1')`))
      .rejects.toMatchObject({ code: "SG041" });
  });
});

describe("price overrides and repricing", () => {
  let org: OrgContext;
  const model = "acme-llm-1";
  const ids: string[] = [];
  beforeAll(async () => {
    org = await newOrg("override", "USD");
    // 30 events over 6 days of a model no catalog knows: all unpriced.
    const events = Array.from({ length: 30 }, (_, i) => {
      const id = `acme-${i}-${randomUUID()}`;
      ids.push(id);
      return { id, timestamp: daysAgo(6 - Math.floor(i / 5), i % 24), service: "acme", model, quantities: { input_tokens: 1000 * (i + 1), output_tokens: 100 }, latency_ms: 40 * i };
    });
    expect(await ingestEvents(target(org), events)).toMatchObject({ accepted: 30 });
  });

  it("re-prices the events an override covers, in batches, with progress, correcting the rollups", async () => {
    expect(await unpricedInRollups(org.org.id)).toBe(30);
    const from = daysAgo(2, 0);
    await asOwner(org, (tx) => tx`
      insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices, note)
      values (${org.org.id}, 'acme', ${model}, ${from}, 'USD', ${tx.json({ input_token: "0.000002", output_token: "0.00001" })}, 'Pilot deal')`);
    const [job] = await openJobs(org.org.id);
    expect(job).toMatchObject({ reason: "price_override", service: "acme", model });
    expect(job.occurred_from?.toISOString()).toBe(new Date(from).toISOString());

    const first = await repriceNextBatch(org.org.id, job.id, 4);
    const covered = ids.filter((_, i) => 6 - Math.floor(i / 5) <= 2).length;
    expect(first).toMatchObject({ total: covered, scanned: 4, changed: 4, done: false });
    const last = await repriceAll(org.org.id, job.id, 4);
    expect(last).toMatchObject({ total: covered, scanned: covered, changed: covered, done: true });

    expect(await unpricedInRollups(org.org.id)).toBe(30 - covered);
    expect(await event(org.org.id, ids[29])).toMatchObject({ pricing_status: "priced", cost: "0.061" });
    expect(await event(org.org.id, ids[0])).toMatchObject({ pricing_status: "unpriced", unpriced_reason: "unknown_model" });
    expect(await rollupMismatches(sql, org.org.id)).toEqual([]);

    // Running a finished job again changes nothing.
    expect(await repriceNextBatch(org.org.id, job.id)).toMatchObject({ done: true, changed: covered });
  });

  it("prices new events with the override at ingest, even while a reprice runs beside them", async () => {
    const before = await openJobs(org.org.id);
    expect(before).toEqual([]);
    await asOwner(org, (tx) => tx`
      update public.price_overrides set unit_prices = ${tx.json({ input_token: "0.000003", output_token: "0.00001" })}
      where org_id = ${org.org.id} and model = ${model}`);
    const [job] = await openJobs(org.org.id);
    const fresh = Array.from({ length: 5 }, (_, batch) =>
      Array.from({ length: 20 }, (_, i) => ({ id: `live-${batch}-${i}-${randomUUID()}`, timestamp: daysAgo(0, 0), service: "acme", model, quantities: { input_tokens: 1000, output_tokens: 100 } })));
    await Promise.all([repriceAll(org.org.id, job.id, 3), ...fresh.map((events) => ingestEvents(target(org), events))]);
    const [prices] = await sql<{ distinct_costs: string[] }[]>`
      select array_agg(distinct cost::text) as distinct_costs from public.usage_events
      where org_id = ${org.org.id} and client_event_id like 'live-%'`;
    expect(prices.distinct_costs).toEqual(["0.004"]);
    expect(await event(org.org.id, ids[29])).toMatchObject({ cost: "0.091" });
    expect(await rollupMismatches(sql, org.org.id)).toEqual([]);
  });

  it("makes the events unpriced again when the override is deleted", async () => {
    await asOwner(org, (tx) => tx`delete from public.price_overrides where org_id = ${org.org.id} and model = ${model}`);
    await runOpenJobs(org.org.id);
    const [row] = await sql<{ n: string }[]>`select count(*)::text as n from public.usage_events where org_id = ${org.org.id} and pricing_status <> 'unpriced'`;
    expect(row.n).toBe("0");
    expect(await unpricedInRollups(org.org.id)).toBe(130);
    expect(await rollupMismatches(sql, org.org.id)).toEqual([]);
  });

  it("will not run another organization's job: not found, and that job is untouched", async () => {
    const other = await newOrg("override-other", "USD");
    await asOwner(other, (tx) => tx`
      insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
      values (${other.org.id}, 'acme', ${model}, now(), 'USD', ${tx.json({ input_token: "1" })})`);
    const [job] = await openJobs(other.org.id);
    await expect(repriceNextBatch(org.org.id, job.id)).rejects.toMatchObject({ code: "not_found" });
    const [after] = await sql`select scanned, cursor_id, finished_at from public.reprice_jobs where id = ${job.id}`;
    expect(after).toEqual({ scanned: "0", cursor_id: null, finished_at: null });
  });
});

describe("a randomized mixed workload with duplicates, rates and overrides", () => {
  it("ends with every event priced as ingest would price it now, and rollups = Σ events", async () => {
    const org = await newOrg("mixed", "USD");
    let seed = 20261122;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(items: T[]) => items[Math.floor(rand() * items.length)];
    const accepted = new Map<string, Record<string, unknown>>();
    const sent: Record<string, unknown>[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const events = Array.from({ length: 60 }, (_, i) => {
        if (sent.length > 0 && rand() < 0.1) return { ...pick(sent) }; // a resend: a duplicate
        const base = { id: `m-${batch}-${i}`, timestamp: daysAgo(1 + Math.floor(rand() * 20), Math.floor(rand() * 24)), latency_ms: Math.floor(rand() * 5000) };
        const kind = Math.floor(rand() * 4);
        if (kind === 0) return { ...base, service: "openai", model: pick(["gpt-4o", "gpt-4o-mini"]), quantities: { input_tokens: Math.floor(rand() * 5000), output_tokens: 1 + Math.floor(rand() * 500) } };
        if (kind === 1) return { ...base, service: "mystery", model: "m-1", quantities: { input_tokens: 1 + Math.floor(rand() * 5000) } };
        if (kind === 2) return { ...base, service: "aws", model: "s3", cost: (rand() * 10).toFixed(4), currency: pick(["USD", "EUR", "GBP"]) };
        return { ...base, service: "scraper", model: "run", quantities: { units: 1 + Math.floor(rand() * 9) }, status: "error", error_code: "timeout" };
      });
      sent.push(...events);
      const result = await ingestEvents(target(org), events);
      expect(result.rejected).toEqual([]);
      events.forEach((e, index) => {
        if (!result.duplicate_indexes.includes(index) && !accepted.has(e.id as string)) accepted.set(e.id as string, e);
      });
      if (batch === 3) {
        await asOwner(org, (tx) => tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${org.org.id}, 'EUR', ${dayOf(daysAgo(10))}, '1.07')`);
      }
    }
    await asOwner(org, async (tx) => {
      await tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${org.org.id}, 'GBP', ${dayOf(daysAgo(40))}, '1.26')`;
      await tx`insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
        values (${org.org.id}, 'mystery', 'm-1', ${daysAgo(12, 0)}, 'EUR', ${tx.json({ input_token: "0.0000011" })})`;
      await tx`insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
        values (${org.org.id}, 'scraper', 'run', '2020-01-01T00:00:00Z', 'USD', ${tx.json({ unit: "0.002" })})`;
    });
    await runOpenJobs(org.org.id, 37);

    // The oracle: each accepted event priced from scratch with the final prices and rates.
    const [overrides, rates] = await Promise.all([
      sql`select id::text, service, model, effective_from, currency, unit_prices, note from public.price_overrides where org_id = ${org.org.id}`,
      sql`select currency, rate_date::text, rate::text from public.fx_rates where org_id = ${org.org.id}`,
    ]);
    const pricing = {
      baseCurrency: "USD",
      catalog: applyOverrides(priceCatalog(), overrides.map((o) => priceOverrideSchema.parse({ ...o, effective_from: (o.effective_from as Date).toISOString() }))),
      fx: fxTable(rates.map((r) => ({ currency: r.currency as string, rate_date: r.rate_date as string, rate: r.rate as string }))),
    };
    const storedRows = await sql<{ client_event_id: string; cost: string | null; pricing_status: string }[]>`
      select client_event_id, cost::text, pricing_status from public.usage_events where org_id = ${org.org.id}`;
    expect(storedRows.length).toBe(accepted.size);
    for (const row of storedRows) {
      const expected = prepareEvent(accepted.get(row.client_event_id), 0, { pricing, now: Date.now() });
      if (isRejection(expected)) throw new Error(expected.message);
      const want = expected as PreparedEvent;
      expect({ id: row.client_event_id, status: row.pricing_status, cost: row.cost === null ? null : Number(row.cost) })
        .toEqual({ id: row.client_event_id, status: want.pricing_status, cost: want.cost === null ? null : Number(want.cost) });
    }
    expect(storedRows.filter((row) => row.pricing_status === "unpriced").length).toBeLessThan(storedRows.length / 4);
    expect(await rollupMismatches(sql, org.org.id)).toEqual([]);
  });
});

describe("retention", () => {
  it("refuses events older than the retention, and drops raw events past it while rollups stay", async () => {
    const org = await newOrg("retention", "USD");
    const old = { id: "old-1", timestamp: daysAgo(75), service: "aws", model: "s3", cost: "4", currency: "USD" };
    const recent = { id: "recent-1", timestamp: daysAgo(5), service: "aws", model: "s3", cost: "1", currency: "USD" };
    expect(await ingestEvents(target(org), [old, recent])).toMatchObject({ accepted: 2 });

    await asOwner(org, (tx) => tx`update public.organizations set retention_months = 2 where id = ${org.org.id}`);
    await sql.begin(async (tx) => {
      await tx`set local role service_role`;
      await tx`select private.apply_usage_retention()`;
    });
    const rows = await sql`select client_event_id from public.usage_events where org_id = ${org.org.id}`;
    expect(rows.map((r) => r.client_event_id)).toEqual(["recent-1"]);
    const [keys] = await sql`select count(*)::int as n from private.usage_event_keys where org_id = ${org.org.id}`;
    expect(keys.n).toBe(1);
    const [rollups] = await sql`select sum(cost)::text as cost, sum(event_count)::int as events from public.spend_rollups where org_id = ${org.org.id}`;
    expect(rollups).toEqual({ cost: "5", events: 2 });

    // Resending the dropped event cannot count it again: it is now outside the retention.
    const again = await ingestEvents(target(org), [old]);
    expect(again).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: "timestamp_too_old" }] });
  });

  it("drops whole monthly partitions older than every organization's retention", async () => {
    await sql`select private.create_usage_events_partition('2001-03-15')`;
    const dropped = await sql.begin(async (tx) => {
      await tx`set local role service_role`;
      return tx<{ name: string }[]>`select private.apply_usage_retention() as name`;
    });
    expect(dropped.map((row) => row.name)).toContain("usage_events_2001_03");
    const [left] = await sql`select to_regclass('private.usage_events_2001_03') as t`;
    expect(left.t).toBeNull();
    const [current] = await sql`select count(*)::int as n from pg_inherits where inhparent = 'public.usage_events'::regclass`;
    expect(current.n).toBeGreaterThanOrEqual(3);
  });
});
