/**
 * The pg_cron stand-in's scheduler: runs the jobs in `cron.job` on their schedules (five-field
 * cron in UTC, or pg_cron's 'N seconds'), as the role that scheduled them, logging each run in
 * `cron.job_run_details` like pg_cron. A job never overlaps itself.
 */
import { Cron } from "croner";
import type { GatewayContext } from "../gateway/context.ts";

type Job = { jobid: string; jobname: string | null; schedule: string; command: string; username: string };
type Scheduled = { job: Job; next: number; running: boolean; cron: Cron | null; everyMs: number | null };

export type CronRunner = { stop(): Promise<void> };

const tickMs = 250;

export async function startCronRunner(ctx: GatewayContext): Promise<CronRunner> {
  const sql = ctx.db("supabase_admin");
  let scheduled = new Map<string, Scheduled>();
  const inflight = new Set<Promise<void>>();

  async function reload() {
    const jobs = await sql<Job[]>`select jobid::text, jobname, schedule, command, username from cron.job where active`;
    const next = new Map<string, Scheduled>();
    const now = Date.now();
    for (const job of jobs) {
      const previous = scheduled.get(job.jobid);
      if (previous && previous.job.schedule === job.schedule && previous.job.command === job.command) {
        next.set(job.jobid, previous);
        continue;
      }
      const seconds = /^\s*(\d+)\s+seconds?\s*$/.exec(job.schedule);
      const cron = seconds ? null : new Cron(job.schedule, { paused: true, timezone: "UTC" });
      const everyMs = seconds ? Number(seconds[1]) * 1000 : null;
      next.set(job.jobid, { job, cron, everyMs, running: false, next: everyMs ? now + everyMs : cron!.nextRun()!.getTime() });
    }
    scheduled = next;
  }

  async function run(entry: Scheduled) {
    entry.running = true;
    const { job } = entry;
    const [{ runid }] = await sql<{ runid: string }[]>`
      insert into cron.job_run_details (jobid, job_pid, database, username, command, status, start_time)
      values (${job.jobid}, pg_backend_pid(), current_database(), ${job.username}, ${job.command}, 'running', now())
      returning runid::text`;
    let status = "succeeded";
    let message = "";
    try {
      const result = await sql.begin(async (tx) => {
        await tx.unsafe(`set local role ${quoteIdent(job.username)}`);
        return tx.unsafe(job.command);
      });
      message = `${result.command ?? "OK"} ${result.count ?? ""}`.trim();
    } catch (error) {
      status = "failed";
      message = (error as Error).message;
      ctx.log("cron", `job ${job.jobname ?? job.jobid} failed: ${message}`);
    }
    await sql`update cron.job_run_details set status = ${status}, return_message = ${message}, end_time = now()
              where runid = ${runid}`;
    entry.running = false;
  }

  function tick() {
    const now = Date.now();
    for (const entry of scheduled.values()) {
      if (entry.running || now < entry.next) continue;
      entry.next = entry.everyMs ? now + entry.everyMs : entry.cron!.nextRun(new Date(now))!.getTime();
      const done = run(entry).catch((error: unknown) => {
        entry.running = false;
        ctx.log("cron", `could not record a run: ${(error as Error).message}`);
      }).finally(() => inflight.delete(done));
      inflight.add(done);
    }
  }

  await reload();
  const listener = await sql.listen("cron_changed", () => {
    reload().catch((error: unknown) => ctx.log("cron", `reload failed: ${(error as Error).message}`));
  });
  const timer = setInterval(tick, tickMs);

  return {
    async stop() {
      clearInterval(timer);
      await listener.unlisten();
      await Promise.allSettled(inflight);
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
