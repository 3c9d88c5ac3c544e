/**
 * private.ingest_events at the SQL level: who may call it, idempotency (across batches, inside a
 * batch, and with a reused id under another timestamp), rollups from inserted rows only, the
 * monthly partition helper moving rows out of the default partition, and the cron job that keeps
 * this month's and the next two months' partitions made.
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
    select * from private.ingest_events(${tenants.a.id}, ${tenants.a.apiKey.id}, 'api', ${tx.json(events as never)})`);
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
      select has_function_privilege('service_role', 'private.ingest_events(uuid, uuid, text, jsonb)', 'execute') as service,
        has_function_privilege('authenticated', 'private.ingest_events(uuid, uuid, text, jsonb)', 'execute') as authenticated,
        has_function_privilege('anon', 'private.ingest_events(uuid, uuid, text, jsonb)', 'execute') as anon,
        exists (select 1 from pg_proc p, aclexplode(p.proacl) a
          where p.oid = 'private.ingest_events(uuid, uuid, text, jsonb)'::regprocedure and a.grantee = 0) as public`;
    expect(row).toEqual({ service: true, authenticated: false, anon: false, public: false });
    await trial(sql, async (t) => {
      await t.expectRefused(tenants.a.owner, (tx) => tx`select * from private.ingest_events(${tenants.a.id}, null, 'api', '[]')`, "42501");
      await t.expectRefused(anon, (tx) => tx`select * from private.ingest_events(${tenants.a.id}, null, 'api', '[]')`, "42501");
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
      await t.expectRefused(serviceRole, (tx) => tx`select * from private.ingest_events(${tenants.a.id}, null, 'api',
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

/** usage_events_YYYY_MM of the UTC month `offset` months from now. */
function partitionName(offset: number): string {
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `usage_events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

async function partitions(tx: TransactionSql): Promise<string[]> {
  const rows = await tx<{ name: string }[]>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.usage_events'::regclass order by 1`;
  return rows.map((r) => r.name);
}

describe("usage-events-partitions cron job", () => {
  type Job = { schedule: string; command: string; username: string; active: boolean };
  const job = async (tx: TransactionSql | typeof sql = sql): Promise<Job[]> =>
    tx<Job[]>`select schedule, command, username, active from cron.job where jobname = 'usage-events-partitions'`;

  it("is registered once by the migration, daily at 03:00 UTC, as postgres (the function's owner)", async () => {
    const jobs = await job();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ schedule: "0 3 * * *", username: "postgres", active: true });
    expect(jobs[0].command).toMatch(/private\.create_usage_events_partition\(/);
    const [{ owner }] = await sql<{ owner: string }[]>`
      select pg_get_userbyid(proowner) as owner from pg_proc where oid = 'private.create_usage_events_partition(timestamptz)'::regprocedure`;
    expect(owner).toBe("postgres");
  });

  it("the migration made this month's and next month's partitions", async () => {
    await trial(sql, async (t) => {
      expect(await partitions(t.tx)).toEqual(expect.arrayContaining([partitionName(0), partitionName(1), "usage_events_default"]));
    });
  });

  it("running its command twice (as the job's role) makes this month and the next two, then changes nothing", async () => {
    await trial(sql, async (t) => {
      // An event two months ahead sits in the default partition until the job carves its month out.
      const ahead = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 2, 10, 12)).toISOString();
      expect(await ingest(t, [event(0, "cron-1", { occurred_at: ahead })])).toEqual([[0, true]]);
      const [{ command, username }] = await job(t.tx);

      await t.tx.unsafe(`set local role ${username}`);
      const first = await t.tx.unsafe<{ create_usage_events_partition: string }[]>(command);
      const second = await t.tx.unsafe<{ create_usage_events_partition: string }[]>(command);
      await t.tx.unsafe("reset role");
      const wanted = [partitionName(0), partitionName(1), partitionName(2)];
      expect(first.map((r) => r.create_usage_events_partition)).toEqual(wanted);
      expect(second.map((r) => r.create_usage_events_partition)).toEqual(wanted);

      const after = await partitions(t.tx);
      expect(after).toEqual(expect.arrayContaining([...wanted, "usage_events_default"]));
      expect(new Set(after).size).toBe(after.length);
      const rows = await t.tx<{ partition: string }[]>`
        select tableoid::regclass::text as partition from public.usage_events
        where org_id = ${tenants.a.id} and client_event_id = 'cron-1'`;
      expect(rows).toEqual([{ partition: `private.${partitionName(2)}` }]);
      // And once more after the move: still one row, nothing new.
      await t.tx.unsafe(`set local role ${username}`);
      await t.tx.unsafe(command);
      await t.tx.unsafe("reset role");
      expect(await partitions(t.tx)).toEqual(after);
      const [{ n }] = await t.tx<{ n: number }[]>`select count(*)::int as n from public.usage_events where client_event_id = 'cron-1'`;
      expect(n).toBe(1);
    });
  });
});
