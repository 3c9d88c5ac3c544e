/**
 * Budget ledgers against the real stack: kept exact by ingest (per period in the budget's time
 * zone, late events in their own period, duplicates never, per-subject ledgers, scopes on
 * dimensions and tags), by repricing, and rebuilt from stored events for a budget made later —
 * each time compared with an independent computation in SQL (date_trunc in the zone). Plus the
 * nesting rules: allocations, cycles, periods, currency.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, superuserSql, uniqueSlug } from "./org-support.ts";
import { withService, withUser } from "../../lib/db/index.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { rebuildBudgetLedgers } from "../../lib/services/budgets/rebuild-budget-ledgers.ts";
import { repriceAll } from "../../lib/services/pricing/reprice-events.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import type { IngestTarget } from "../../lib/services/usage/ingest-target.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const TZ = "Europe/Berlin";
let ctx: OrgContext;
const target = (): IngestTarget => ({ org: ctx.org, source: "api", apiKeyId: null, userId: null });

beforeAll(async () => {
  const owner = await newUser("ledger-owner");
  const slug = uniqueSlug("ledgers");
  await createOrganization({ actor: owner.actor }, { name: "Ledgers Co", slug, baseCurrency: "USD", timezone: TZ });
  ctx = await resolveOrgContext(owner.actor, slug);
});

type BudgetRow = { name: string; amount?: string; period: object; scope?: object; per?: string | null; parent_id?: string | null; timezone?: string; currency?: string };

async function createBudget(row: BudgetRow): Promise<string> {
  const id = randomUUID();
  await withUser(ctx.actor.claims, (tx) => tx`
    insert into public.budgets (id, org_id, name, amount, currency, period, timezone, scope, per, parent_id)
    values (${id}, ${ctx.org.id}, ${row.name}, ${row.amount ?? "100"}, ${row.currency ?? "USD"}, ${tx.json(row.period as never)},
      ${row.timezone ?? TZ}, ${tx.json((row.scope ?? {}) as never)}, ${row.per ?? null}, ${row.parent_id ?? null})`);
  return id;
}

/** Ledgers as stored, and as computed here from the events with Postgres' own time-zone rules. */
async function ledgerMismatches(budgetId: string, truncate: "day" | "month" | null, where: string, subject: string) {
  const expected = sql`
    select ${truncate === null ? sql`'-infinity'::timestamptz` : sql`date_trunc(${truncate}, e.occurred_at at time zone ${TZ}) at time zone ${TZ}`} as period_start,
      ${sql.unsafe(subject)} as subject, trim_scale(coalesce(sum(e.cost), 0)) as spent, count(*)::bigint as event_count,
      (count(*) filter (where e.pricing_status = 'unpriced'))::bigint as unpriced_count
    from public.usage_events e where e.org_id = ${ctx.org.id} and ${sql.unsafe(where)}
    group by 1, 2`;
  const stored = sql`
    select period_start, subject, trim_scale(spent) as spent, event_count, unpriced_count from public.budget_ledgers
    where budget_id = ${budgetId} and (spent <> 0 or event_count <> 0)`;
  return sql`(${expected} except ${stored}) union all (${stored} except ${expected})`;
}

const at = (iso: string) => iso;
let seq = 0;
const event = (timestamp: string, extra: Record<string, unknown> = {}) => ({
  id: `ledger-${seq++}-${randomUUID()}`,
  timestamp: at(timestamp),
  service: "openai",
  model: "gpt-4o-mini",
  quantities: { input_tokens: 1000 + seq, output_tokens: 100 },
  ...extra,
});

describe("budget ledgers", () => {
  const ids: Record<string, string> = {};

  it("count each new event in its own period, in the budget's zone, once", async () => {
    ids.monthly = await createBudget({ name: "All, monthly", period: { kind: "monthly", startDay: 1 } });
    ids.daily = await createBudget({ name: "OpenAI, daily", period: { kind: "daily" }, scope: { service: "openai" } });
    ids.perUser = await createBudget({ name: "Each customer", period: { kind: "monthly", startDay: 1 }, per: "end_user" });
    ids.tagged = await createBudget({ name: "Tagged", period: { kind: "lifetime" }, scope: { tags: { tier: "free" } } });

    const events = [
      // Both sides of Berlin's local midnight that ends October (23:00 UTC) and of the DST change on Oct 25.
      event("2026-10-31T22:59:59Z", { end_user: "c1" }),
      event("2026-10-31T23:00:00Z", { end_user: "c1", tags: { tier: "free" } }),
      event("2026-10-24T21:59:59Z", { end_user: "c2" }),
      event("2026-10-24T22:00:00Z"),
      event("2026-10-25T22:59:59Z", { tags: { tier: "free" } }),
      event("2026-11-20T10:00:00Z", { service: "anthropic", model: "claude-sonnet-4-5", end_user: "c2" }),
      event("2026-11-21T10:00:00Z", { model: "made-up-model", end_user: "c1" }),
    ];
    expect(await ingestEvents(target(), events)).toMatchObject({ accepted: 7, rejected: [] });
    // Resent: duplicates add nothing. A late event (two months back) counts in its own month.
    expect(await ingestEvents(target(), [...events.slice(0, 3), event("2026-09-15T12:00:00Z", { end_user: "c3" })])).toMatchObject({ accepted: 1, duplicates: 3 });

    expect(await ledgerMismatches(ids.monthly, "month", "true", "''")).toEqual([]);
    expect(await ledgerMismatches(ids.daily, "day", "e.service = 'openai'", "''")).toEqual([]);
    expect(await ledgerMismatches(ids.perUser, "month", "e.end_user is not null", "e.end_user")).toEqual([]);
    expect(await ledgerMismatches(ids.tagged, null, "e.tags @> '{\"tier\": \"free\"}'", "''")).toEqual([]);
    const [october] = await sql`select event_count, unpriced_count from public.budget_ledgers where budget_id = ${ids.monthly} and period_start = '2026-09-30T22:00:00Z'`;
    expect(october).toEqual({ event_count: "4", unpriced_count: "0" });
    const days = await sql`select period_start from public.budget_ledgers where budget_id = ${ids.daily} and period_start in ('2026-10-24T22:00:00Z', '2026-10-23T22:00:00Z')`;
    expect(days).toHaveLength(2);
  });

  it("move with repricing, unpriced counts included", async () => {
    const [before] = await sql`select unpriced_count from public.budget_ledgers where budget_id = ${ids.monthly} and period_start = '2026-10-31T23:00:00Z'`;
    expect(before.unpriced_count).toBe("1");
    await withUser(ctx.actor.claims, (tx) => tx`
      insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
      values (${ctx.org.id}, 'openai', 'made-up-model', '2026-01-01T00:00:00Z', 'USD', ${tx.json({ input_token: "0.000001", output_token: "0.000002" })})`);
    const jobs = await sql<{ id: string }[]>`select id from public.reprice_jobs where org_id = ${ctx.org.id} and finished_at is null`;
    for (const job of jobs) await repriceAll(ctx.org.id, job.id, 1);
    expect(await ledgerMismatches(ids.monthly, "month", "true", "''")).toEqual([]);
    expect(await ledgerMismatches(ids.daily, "day", "e.service = 'openai'", "''")).toEqual([]);
    expect(await ledgerMismatches(ids.perUser, "month", "e.end_user is not null", "e.end_user")).toEqual([]);
    const [after] = await sql`select unpriced_count from public.budget_ledgers where budget_id = ${ids.monthly} and period_start = '2026-10-31T23:00:00Z'`;
    expect(after.unpriced_count).toBe("0");
  });

  it("are rebuilt from stored events for a budget made after them, then kept by ingest", async () => {
    const weekly = await createBudget({ name: "Weekly, from Sunday", period: { kind: "weekly", weekStart: 7 }, scope: { service: "openai" } });
    expect(await withService((tx) => rebuildBudgetLedgers(tx, ctx.org.id, weekly))).toBeGreaterThan(0);
    await ingestEvents(target(), [event("2026-11-22T08:00:00Z")]);
    const mismatches = await sql`
      with expected as (
        select (date_trunc('week', (e.occurred_at at time zone ${TZ}) + interval '1 day') - interval '1 day') at time zone ${TZ} as period_start,
          trim_scale(sum(e.cost)) as spent, count(*)::bigint as n
        from public.usage_events e where e.org_id = ${ctx.org.id} and e.service = 'openai' group by 1
      ), stored as (select period_start, trim_scale(spent) as spent, event_count as n from public.budget_ledgers where budget_id = ${weekly})
      (select * from expected except select * from stored) union all (select * from stored except select * from expected)`;
    expect(mismatches).toEqual([]);

    // Open-ended periods too: a lifetime budget is one ledger since forever.
    const lifetime = await createBudget({ name: "Since the start", period: { kind: "lifetime" }, scope: { service: "openai" } });
    expect(await withService((tx) => rebuildBudgetLedgers(tx, ctx.org.id, lifetime))).toBe(1);
    expect(await ledgerMismatches(lifetime, null, "e.service = 'openai'", "''")).toEqual([]);
  });
});

describe("budget nesting", () => {
  it("keeps children within their parent, naming the overflow, and refuses cycles, other periods and other currencies", async () => {
    const parent = await createBudget({ name: "Engineering", amount: "1000", period: { kind: "monthly", startDay: 1 } });
    await createBudget({ name: "Search", amount: "600", period: { kind: "monthly", startDay: 1 }, parent_id: parent });
    await expect(createBudget({ name: "Support", amount: "500", period: { kind: "monthly", startDay: 1 }, parent_id: parent }))
      .rejects.toMatchObject({ code: "SG050", detail: expect.stringContaining("100 over") });
    await expect(withUser(ctx.actor.claims, (tx) => tx`update public.budgets set amount = 500 where id = ${parent}`))
      .rejects.toMatchObject({ code: "SG050" });
    await expect(createBudget({ name: "Daily child", amount: "10", period: { kind: "daily" }, parent_id: parent }))
      .rejects.toMatchObject({ code: "SG051" });
    await expect(withUser(ctx.actor.claims, (tx) => tx`update public.budgets set parent_id = ${parent} where id = ${parent}`))
      .rejects.toMatchObject({ code: "SG051" });
    await expect(createBudget({ name: "In euros", currency: "EUR", period: { kind: "daily" } })).rejects.toMatchObject({ code: "SG052" });
    await expect(withUser(ctx.actor.claims, (tx) => tx`delete from public.budgets where id = ${parent}`)).rejects.toMatchObject({ code: "23503" });
  });
});
