import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayUrl, superuserSql } from "../helpers/local-stack.ts";

const sql = superuserSql();

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await sql`create table if not exists public.cron_ticks (id serial primary key, at timestamptz not null default now(), by_role text not null default current_user)`;
  await sql`alter table public.cron_ticks enable row level security`;
  await sql`grant insert on public.cron_ticks to postgres`;
  await sql`grant usage on sequence public.cron_ticks_id_seq to postgres`;
});

afterAll(async () => {
  await sql`delete from cron.job where jobname like 'test-%'`;
  await sql`drop table if exists public.cron_ticks`;
  await sql.end();
});

describe("cron (pg_cron stand-in)", () => {
  it("runs a job registered with cron.schedule on its schedule, as the role that registered it", async () => {
    await sql.begin(async (tx) => {
      await tx`set local role postgres`;
      await tx`select cron.schedule('test-tick', '1 seconds', 'insert into public.cron_ticks default values')`;
    });
    const ticks = await eventually(async () => {
      const rows = await sql<{ by_role: string }[]>`select by_role from public.cron_ticks`;
      return rows.length >= 2 ? rows : undefined;
    });
    expect(ticks.every((t) => t.by_role === "postgres")).toBe(true);

    const runs = await sql<{ status: string; username: string }[]>`
      select d.status, d.username from cron.job_run_details d join cron.job j using (jobid) where j.jobname = 'test-tick'`;
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((r) => r.status !== "running").every((r) => r.status === "succeeded" && r.username === "postgres")).toBe(true);
  });

  it("stops running a job once it is unscheduled", async () => {
    await sql`select cron.unschedule('test-tick')`;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [{ count: before }] = await sql<{ count: number }[]>`select count(*)::int as count from public.cron_ticks`;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [{ count: after }] = await sql<{ count: number }[]>`select count(*)::int as count from public.cron_ticks`;
    expect(after).toBe(before);
  });

  it("records a failing job's error in job_run_details", async () => {
    await sql`select cron.schedule('test-fails', '1 seconds', 'select 1/0')`;
    const failed = await eventually(async () => {
      const [row] = await sql<{ return_message: string }[]>`
        select d.return_message from cron.job_run_details d join cron.job j using (jobid)
        where j.jobname = 'test-fails' and d.status = 'failed' limit 1`;
      return row;
    });
    expect(failed.return_message).toContain("division by zero");
    await sql`select cron.unschedule('test-fails')`;
  });

  it("rejects a schedule that is neither five cron fields nor 'N seconds'", async () => {
    await expect(sql`select cron.schedule('test-bad', 'every minute', 'select 1')`).rejects.toThrowError(/invalid schedule/);
  });

  it("invokes an edge function the Supabase way: cron → net.http_post → /functions/v1", async () => {
    const url = `${gatewayUrl}/functions/v1/health`;
    await sql`select cron.schedule('test-call-function', '1 seconds', ${`select net.http_post(url := '${url}', body := '{"echo":"from-cron"}'::jsonb)`})`;
    const response = await eventually(async () => {
      const [row] = await sql<{ status_code: number; content: string }[]>`
        select status_code, content from net._http_response where content like '%from-cron%' limit 1`;
      return row;
    }, 60_000);
    await sql`select cron.unschedule('test-call-function')`;
    expect(response.status_code).toBe(200);
    expect(JSON.parse(response.content)).toMatchObject({ status: "ok", echo: "from-cron" });
  });
});
