/**
 * private.ingest_events at the SQL level: who may call it, idempotency (across batches, inside a
 * batch, and with a reused id under another timestamp), rollups from inserted rows only, and the
 * monthly partition helper moving rows out of the default partition.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransactionSql } from "postgres";
import { anon, serviceRole, trial, type Trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("usage"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

type Event = Record<string, unknown>;

const event = (idx: number, id: string, extra: Event = {}): Event => ({
  idx, client_event_id: id, occurred_at: "2026-03-10T12:34:56Z", service: "openai", model: "gpt-4o",
  quantities: { input_token: "100", output_token: "20" }, cost: "0.0005", currency: "USD", pricing_status: "provided", ...extra,
});

async function ingest(t: Trial, events: Event[]) {
  const rows = await t.expectAllowed(serviceRole, (tx) => tx<{ idx: number; inserted: boolean }[]>`
    select * from private.ingest_events(${tenants.a.id}, ${tenants.a.apiKey.id}, ${tx.json(events as never)})`);
  return rows.map((r) => [r.idx, r.inserted]);
}

async function rollup(tx: TransactionSql, service = "openai") {
  const [row] = await tx<{ cost: string; event_count: string; unpriced_count: string; quantities: Record<string, string> }[]>`
    select cost::text, event_count::text, unpriced_count::text, quantities from public.spend_rollups
    where org_id = ${tenants.a.id} and service = ${service} and bucket = '2026-03-10T12:00:00Z'`;
  return row;
}

describe("private.ingest_events", () => {
  it("may be executed by service_role only", async () => {
    const [row] = await sql<{ service: boolean; authenticated: boolean; anon: boolean; public: boolean }[]>`
      select has_function_privilege('service_role', 'private.ingest_events(uuid, uuid, jsonb)', 'execute') as service,
        has_function_privilege('authenticated', 'private.ingest_events(uuid, uuid, jsonb)', 'execute') as authenticated,
        has_function_privilege('anon', 'private.ingest_events(uuid, uuid, jsonb)', 'execute') as anon,
        exists (select 1 from pg_proc p, aclexplode(p.proacl) a
          where p.oid = 'private.ingest_events(uuid, uuid, jsonb)'::regprocedure and a.grantee = 0) as public`;
    expect(row).toEqual({ service: true, authenticated: false, anon: false, public: false });
    await trial(sql, async (t) => {
      await t.expectRefused(tenants.a.owner, (tx) => tx`select * from private.ingest_events(${tenants.a.id}, null, '[]')`, "42501");
      await t.expectRefused(anon, (tx) => tx`select * from private.ingest_events(${tenants.a.id}, null, '[]')`, "42501");
    });
  });

  it("inserts once per client id: in-batch repeats and retried batches are duplicates", async () => {
    await trial(sql, async (t) => {
      expect(await ingest(t, [event(0, "e1"), event(1, "e2"), event(2, "e1")])).toEqual([[0, true], [1, true], [2, false]]);
      // The same id with another timestamp (another partition) is still the same event.
      expect(await ingest(t, [event(0, "e2", { occurred_at: "2025-01-01T00:00:00Z" }), event(1, "e3")])).toEqual([[0, false], [1, true]]);
      const [{ n }] = await t.tx<{ n: number }[]>`
        select count(*)::int as n from public.usage_events where org_id = ${tenants.a.id} and client_event_id like 'e%'`;
      expect(n).toBe(3);
      expect(await rollup(t.tx)).toMatchObject({ cost: "0.0015", event_count: "3", quantities: { input_token: "300", output_token: "60" } });
    });
  });

  it("stores unpriced events with a NULL cost and counts them apart", async () => {
    await trial(sql, async (t) => {
      await ingest(t, [
        event(0, "u1", { service: "mystery", cost: null, pricing_status: "unpriced", unpriced_reason: "unknown_model" }),
        event(1, "u2", { service: "mystery" }),
      ]);
      expect(await rollup(t.tx, "mystery")).toMatchObject({ cost: "0.0005", event_count: "2", unpriced_count: "1" });
      const [row] = await t.tx<{ cost: string | null }[]>`select cost from public.usage_events where org_id = ${tenants.a.id} and client_event_id = 'u1'`;
      expect(row.cost).toBeNull();
    });
  });

  it("rejects a cost on an unpriced event, or a missing one on a priced event (constraint)", async () => {
    await trial(sql, async (t) => {
      await t.expectRefused(serviceRole, (tx) => tx`select * from private.ingest_events(${tenants.a.id}, null,
        ${tx.json([event(0, "bad", { pricing_status: "unpriced", unpriced_reason: "x" })] as never)})`, "23514");
    });
  });

  it("carves a month out of the default partition, moving its rows, and keeps reading them", async () => {
    await trial(sql, async (t) => {
      await ingest(t, [event(0, "p1", { occurred_at: "2031-05-31T23:59:59Z" }), event(1, "p2", { occurred_at: "2031-06-01T00:00:00Z" })]);
      const [{ name }] = await t.tx<{ name: string }[]>`select private.create_usage_events_partition('2031-05-15') as name`;
      expect(name).toBe("usage_events_2031_05");
      const rows = await t.tx<{ client_event_id: string; partition: string }[]>`
        select client_event_id, tableoid::regclass::text as partition from public.usage_events
        where org_id = ${tenants.a.id} and client_event_id in ('p1', 'p2') order by 1`;
      expect(rows).toEqual([
        { client_event_id: "p1", partition: "private.usage_events_2031_05" },
        { client_event_id: "p2", partition: "private.usage_events_default" },
      ]);
      const [{ granted }] = await t.tx<{ granted: boolean }[]>`
        select has_table_privilege('authenticated', 'private.usage_events_2031_05', 'select') as granted`;
      expect(granted).toBe(false);
    });
  });
});
