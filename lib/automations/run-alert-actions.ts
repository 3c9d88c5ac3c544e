/**
 * Carries out the alert actions that act outside the database — stop_make_scenarios and
 * call_webhook — for the run-alert-actions edge function (poked after an alert, an approval or an
 * undo commits, and run every minute by pg_cron); usable from Node too (tests).
 *
 * Runs are claimed with private.claim_action_runs (`for update skip locked`, a two-minute lease,
 * the attempt number as fence) and each outcome is written with private.record_action_run, so a
 * runner whose lease ran out writes nothing. What may pass by itself is retried
 * (run-outcome.ts); what only a person can fix (a refused token, a disabled channel) fails at
 * once and says so.
 */
import type { Sql } from "postgres";
import { serviceRole } from "../delivery/service-role.ts";
import { carryOutMake } from "./make-run.ts";
import type { ClaimedRun, Outcome, RunnerSettings, WithService } from "./run-outcome.ts";
import { carryOutWebhook } from "./webhook-run.ts";

const BATCH = 10;
/** Claim rounds per invocation: a long queue is finished by the next poke or minute. */
const MAX_ROUNDS = 5;

export type RunCounts = { claimed: number; done: number; undone: number; skipped: number; failed: number; retried: number };

export type RunAlertActionsOptions = RunnerSettings & { sql: Sql };

export async function runAlertActions(options: RunAlertActionsOptions): Promise<RunCounts> {
  const withService = serviceRole(options.sql);
  const counts: RunCounts = { claimed: 0, done: 0, undone: 0, skipped: 0, failed: 0, retried: 0 };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const runs = await withService((tx) => tx<ClaimedRun[]>`select id, action_id, alert_id, kind, status, attempts, target, did from private.claim_action_runs(${BATCH})`);
    if (runs.length === 0) break;
    counts.claimed += runs.length;
    // One at a time: few runs come at once, and Make rate-limits per organization.
    for (const run of runs) {
      const outcome = await carryOut(withService, run, options);
      const recorded = await withService(async (tx) => {
        const [{ ok }] = await tx<{ ok: boolean }[]>`
          select private.record_action_run(${run.id}, ${run.attempts}, ${outcome.status}, ${outcome.did === null ? null : tx.json(outcome.did as never)},
            ${outcome.note}, ${outcome.retryAt ?? null}) as ok`;
        return ok;
      });
      if (!recorded) continue;
      if (outcome.status === null) counts.retried += 1;
      else counts[outcome.status] += 1;
    }
  }
  return counts;
}

/** A bug in one run (bad stored data) fails that run with a reference, not the whole invocation. */
async function carryOut(withService: WithService, run: ClaimedRun, settings: RunnerSettings): Promise<Outcome> {
  try {
    if (run.kind === "stop_make_scenarios") return await carryOutMake(withService, run, settings);
    if (run.kind === "call_webhook") return await carryOutWebhook(withService, run, settings);
    return { status: run.status === "queued" ? "failed" : "done", did: run.did ?? null, note: `Unknown action kind ${run.kind}.` };
  } catch (error) {
    const reference = crypto.randomUUID();
    console.error(`run-alert-actions: run ${run.id} failed unexpectedly (error ${reference})`, error);
    return { status: run.status === "queued" ? "failed" : "done", did: run.did ?? null, note: `Something went wrong on our side (error ${reference}).` };
  }
}
