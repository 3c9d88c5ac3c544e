/**
 * private.budget_daily_series: a budget's scope spend per complete local day in its own time
 * zone, checked by hand across the end of daylight saving time in New York (2026-11-01, a
 * 25-hour day) — from the hourly rollups, and the same from the raw events for a scope the
 * rollups cannot answer — and budget_forecasts' access rules beyond the isolation matrix.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../helpers/db.ts";
import { actAs } from "../helpers/acting.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;
let budgetId: string;
const asOf = "2026-11-03T12:00:00Z"; // 07:00 EST on 3 November: the series ends on 2 November.

const event = (index: number, occurredAt: string, cost: string, model = "gpt-4o") => ({
  idx: index, client_event_id: `series-${index}`, occurred_at: occurredAt, service: "openai", model,
  quantities: { input_token: "1" }, cost, currency: "USD", pricing_status: "provided",
});

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("forecasts"));
  const [budget] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, scope)
    values (${tenants.a.id}, 'New York', '500', 'USD', ${sql.json({ kind: "monthly", startDay: 1 })}, 'America/New_York', ${sql.json({ model: "gpt-4o" })})
    returning id`;
  budgetId = budget.id;
  await sql`select * from private.ingest_events(${tenants.a.id}, ${tenants.a.apiKey.id}, 'api', ${sql.json([
    event(0, "2026-10-29T15:00:00Z", "0.5"), // 29 Oct 11:00 EDT
    event(1, "2026-10-31T04:30:00Z", "2"), // 31 Oct 00:30 EDT
    event(2, "2026-11-01T03:30:00Z", "4"), // 31 Oct 23:30 EDT
    event(3, "2026-11-01T04:30:00Z", "8"), // 1 Nov 00:30 EDT
    event(4, "2026-11-02T04:30:00Z", "16"), // 1 Nov 23:30 EST (UTC 04:30 is already the next day in EDT terms)
    event(5, "2026-11-02T05:30:00Z", "32"), // 2 Nov 00:30 EST
    event(6, "2026-11-03T05:30:00Z", "64"), // 3 Nov: today, not a complete day
    event(7, "2026-11-01T12:00:00Z", "128", "gpt-4o-mini"), // outside the scope
  ])})`;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

type Day = { day: string; spent: string };
const series = (days: number) => sql<Day[]>`
  select day::text as day, spent::text as spent from private.budget_daily_series(${budgetId}, ${days}, ${asOf})`;

describe("private.budget_daily_series", () => {
  it("cuts local days in the budget's zone across a DST change, from the first day with spend", async () => {
    expect(await series(120)).toEqual([
      { day: "2026-10-29", spent: "0.5" },
      { day: "2026-10-30", spent: "0" },
      { day: "2026-10-31", spent: "6" },
      { day: "2026-11-01", spent: "24" },
      { day: "2026-11-02", spent: "32" },
    ]);
  });

  it("gives the same days from the raw events when the scope names what rollups do not keep", async () => {
    // A tags filter (matching every event) sends the series to the raw events instead of the rollups.
    const [raw] = await sql<{ id: string }[]>`
      insert into public.budgets (org_id, name, amount, currency, period, timezone, scope)
      values (${tenants.a.id}, 'New York, raw', '500', 'USD', ${sql.json({ kind: "monthly", startDay: 1 })}, 'America/New_York',
        ${sql.json({ model: "gpt-4o", tags: {} })})
      returning id`;
    const rows = await sql<Day[]>`select day::text as day, spent::text as spent from private.budget_daily_series(${raw.id}, 120, ${asOf})`;
    expect(rows).toEqual(await series(120));
    await sql`delete from public.budgets where id = ${raw.id}`;
  });

  it("reads at most the given number of days back", async () => {
    expect((await series(3)).map((row) => row.day)).toEqual(["2026-10-31", "2026-11-01", "2026-11-02"]);
  });

  it("runs under RLS for members: another organization's member sees no series", async () => {
    const read = async (person: Tenants["a"]["viewer"]) => sql.begin(async (tx) => {
      await actAs(tx, person);
      return tx<Day[]>`select day::text as day from private.budget_daily_series(${budgetId}, 120, ${asOf})`;
    });
    expect(await read(tenants.a.viewer)).toHaveLength(5);
    expect(await read(tenants.b.owner)).toEqual([]);
  });
});

describe("budget_forecasts", () => {
  it("is read by members and written by service_role only", async () => {
    const write = (tx: TransactionSql) => tx`
      insert into public.budget_forecasts (org_id, budget_id, period_start, method, backtest_error, history_days, forecast)
      values (${tenants.a.id}, ${budgetId}, '2026-11-01T04:00:00Z', 'run_rate', null, 5, '{}')`;
    await expect(sql.begin(async (tx) => {
      await actAs(tx, tenants.a.owner);
      await write(tx);
    })).rejects.toThrow(/permission denied/);
    await sql.begin(async (tx) => {
      await tx`set local role service_role`;
      await write(tx);
      throw new Error("rollback");
    }).catch((error: Error) => expect(error.message).toBe("rollback"));
  });
});
