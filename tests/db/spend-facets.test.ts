/**
 * public.spend_facets at the SQL level: the statement triggers on usage_events add inserted
 * events to every dimension's hour and day rows, add new minus old on updates (repricing) and
 * write nothing for an update that changes no sum; moving rows into a new monthly partition and
 * deleting old events (retention) leave them alone; spend_totals reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransactionSql } from "postgres";
import { serviceRole, trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("facets"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

// A month no other test writes to, so its facet rows are this test's alone.
const event = (idx: number, id: string, extra: Record<string, unknown> = {}) => ({
  idx, client_event_id: id, occurred_at: "2029-07-10T12:34:56Z", service: "openai", model: "gpt-4o",
  quantities: { input_token: "100" }, cost: "0.25", currency: "USD", pricing_status: "provided", team: "search",
  end_user: "u1", ...extra,
});

function ingest(tx: TransactionSql, events: Record<string, unknown>[]) {
  return tx`select * from private.ingest_events(${tenants.a.id}, ${tenants.a.apiKey.id}, 'api', ${tx.json(events as never)})`;
}

type FacetRow = { dimension: string; span: string; bucket: string; service: string | null; value: string | null; cost: string; events: number; errors: number; unpriced: number };

function facets(tx: TransactionSql, dimension: string) {
  return tx<FacetRow[]>`
    select dimension, span, to_char(bucket at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as bucket, service, value,
      trim_scale(cost)::text as cost, event_count::int as events, error_count::int as errors, unpriced_count::int as unpriced
    from public.spend_facets
    where org_id = ${tenants.a.id} and dimension = ${dimension} and bucket >= '2029-07-01' and bucket < '2029-08-01'
    order by span, bucket, service nulls first, value nulls first`;
}

describe("spend facets", () => {
  it("count every inserted event once per dimension, in its UTC hour and its UTC day", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(serviceRole, (tx) => ingest(tx, [
        event(0, "f1"),
        event(1, "f2", { end_user: "u2", status: "error", occurred_at: "2029-07-10T13:05:00Z" }),
        event(2, "f3", { model: "mystery", cost: null, pricing_status: "unpriced", unpriced_reason: "unknown_model", end_user: null }),
      ]));
      // A second batch into the same rows adds to them.
      await t.expectAllowed(serviceRole, (tx) => ingest(tx, [event(0, "f4", { service: "anthropic", model: "gpt-4o" })]));

      const row = (span: string, bucket: string, service: string | null, value: string | null, cost: string, events: number, errors = 0, unpriced = 0) =>
        ({ span, bucket, service, value, cost, events, errors, unpriced });
      const rows = async (dimension: string) => (await facets(t.tx, dimension)).map(({ dimension: _, ...r }) => r);
      expect(await rows("all")).toEqual([
        row("day", "2029-07-10T00", null, null, "0.75", 4, 1, 1),
        row("hour", "2029-07-10T12", null, null, "0.5", 3, 0, 1),
        row("hour", "2029-07-10T13", null, null, "0.25", 1, 1, 0),
      ]);
      // Model rows name their service: the same model name under two services stays apart.
      expect((await rows("model")).filter((r) => r.span === "day")).toEqual([
        row("day", "2029-07-10T00", "anthropic", "gpt-4o", "0.25", 1),
        row("day", "2029-07-10T00", "openai", "gpt-4o", "0.5", 2, 1, 0),
        row("day", "2029-07-10T00", "openai", "mystery", "0", 1, 0, 1),
      ]);
      // Unset values are a row of their own (null), so every dimension sums to the total.
      expect((await facets(t.tx, "end_user")).filter((r) => r.span === "day").map((r) => [r.value, r.cost, r.events])).toEqual([
        [null, "0", 1], ["u1", "0.5", 2], ["u2", "0.25", 1],
      ]);
      for (const dimension of ["service", "team", "project", "environment", "feature"]) {
        const rows = await facets(t.tx, dimension);
        const sum = (span: string) => rows.filter((r) => r.span === span).reduce((n, r) => n + r.events, 0);
        expect([dimension, sum("hour"), sum("day")]).toEqual([dimension, 4, 4]);
      }
    });
  });

  it("move by the difference when events are re-priced, and not at all when no sum changes", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(serviceRole, (tx) => ingest(tx, [
        event(0, "r1", { cost: null, pricing_status: "unpriced", unpriced_reason: "unknown_model" }), event(1, "r2"),
      ]));
      const [r1] = await t.tx<{ id: string }[]>`select id::text from public.usage_events where org_id = ${tenants.a.id} and client_event_id = 'r1'`;
      await t.expectAllowed(serviceRole, (tx) => tx`select private.reprice_events(${tenants.a.id}, ${tx.json([{
        id: Number(r1.id), occurred_at: "2029-07-10T12:34:56Z", cost: "1.5", pricing_status: "priced", unpriced_reason: null, price_lines: [],
      }] as never)})`);
      expect((await facets(t.tx, "all")).map((r) => [r.span, r.cost, r.events, r.unpriced])).toEqual([["day", "1.75", 2, 0], ["hour", "1.75", 2, 0]]);
      expect((await facets(t.tx, "end_user")).map((r) => [r.span, r.value, r.cost, r.events])).toEqual([["day", "u1", "1.75", 2], ["hour", "u1", "1.75", 2]]);

      // An update that changes no sum (a tag) writes no row: an update would move the row (new ctid).
      const versions = () => t.tx<{ ctid: string }[]>`
        select ctid::text from public.spend_facets where org_id = ${tenants.a.id} and bucket >= '2029-07-01' and bucket < '2029-08-01' order by 1`;
      const unchanged = await versions();
      expect(unchanged.length).toBe(16);
      await t.tx`update public.usage_events set tags = '{"x": "y"}' where org_id = ${tenants.a.id} and client_event_id = 'r2'`;
      expect(await versions()).toEqual(unchanged);
    });
  });

  it("stay as they are when rows move into a new partition and when old events are deleted", async () => {
    await trial(sql, async (t) => {
      // 2031-11 has no partition yet: the event lands in the default partition first.
      await t.expectAllowed(serviceRole, (tx) => ingest(tx, [event(0, "p1", { occurred_at: "2031-11-03T08:00:00Z" })]));
      const count = async () => {
        const [row] = await t.tx<{ events: number }[]>`
          select coalesce(sum(event_count), 0)::int as events from public.spend_facets
          where org_id = ${tenants.a.id} and dimension = 'all' and span = 'day' and bucket = '2031-11-03'`;
        return row.events;
      };
      expect(await count()).toBe(1);
      await t.tx`select private.create_usage_events_partition('2031-11-15')`;
      expect(await count()).toBe(1);
      await t.tx`delete from public.usage_events where org_id = ${tenants.a.id} and client_event_id = 'p1'`;
      expect(await count()).toBe(1);
    });
  });

  it("cannot be written by members or API keys, only by the triggers", async () => {
    await trial(sql, async (t) => {
      for (const who of [tenants.a.owner, serviceRole]) {
        await t.expectRefused(who, (tx) => tx`
          insert into public.spend_facets (org_id, dimension, span, bucket, cost) values (${tenants.a.id}, 'all', 'hour', '2029-07-10T12:00:00Z', 1)`, "42501");
      }
    });
  });
});
