"use client";

import { Check, RotateCw, Undo2, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { describeActionRun } from "@/lib/core/alerts/describe-action-run";
import type { AlertActionRun } from "@/lib/services/alerts/action-schemas";
import { cn, formatTimestamp } from "@/lib/utils";
import { decideActionRun } from "../actions";

const STATUS_LABELS: Record<AlertActionRun["status"], string> = {
  awaiting_approval: "Waiting for approval",
  queued: "In progress",
  done: "Done",
  skipped: "Skipped",
  failed: "Failed",
  declined: "Declined",
  undoing: "Undoing",
  undone: "Undone",
};
const STATUS_TONES: Record<AlertActionRun["status"], string> = {
  awaiting_approval: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  queued: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
  done: "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400",
  skipped: "bg-muted text-muted-foreground",
  failed: "bg-destructive/10 text-destructive",
  declined: "bg-muted text-muted-foreground",
  undoing: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
  undone: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
};

/** How often the page is re-read while Make runs are carried out elsewhere (the runner), so their progress shows. */
const IN_PROGRESS_REFRESH_MS = 2_000;

/** What the alert's automated actions did, each with what an admin may still do about it. */
export function ActionRuns({ orgSlug, runs, timeZone, canDecide }: { orgSlug: string; runs: AlertActionRun[]; timeZone: string; canDecide: boolean }) {
  const router = useRouter();
  const inProgress = runs.some((run) => run.status === "queued" || run.status === "undoing");
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => router.refresh(), IN_PROGRESS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [inProgress, router]);
  if (!runs.length) return null;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-2">
      <h3 className="text-sm font-semibold">Automated actions</h3>
      <ul className="grid gap-2" data-testid="action-runs">
        {runs.map((run) => (
          <li key={run.id} className="grid gap-2 rounded-lg border p-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center" data-testid="action-run" data-status={run.status}>
            <div className="grid min-w-0 gap-1">
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <Badge className={cn("border-transparent", STATUS_TONES[run.status])}>{STATUS_LABELS[run.status]}</Badge>
                <span className="[overflow-wrap:anywhere]" data-testid="action-run-text">{describeActionRun(run)}</span>
              </p>
              <p className="text-xs text-muted-foreground">
                {run.undone_at ? `Undone ${formatTimestamp(new Date(run.undone_at), timeZone)}` : null}
                {!run.undone_at && run.ran_at ? `Ran ${formatTimestamp(new Date(run.ran_at), timeZone)}` : null}
                {!run.ran_at && !run.undone_at ? `Since ${formatTimestamp(new Date(run.created_at), timeZone)}` : null}
                {run.next_attempt_at && run.attempts > 0 ? ` · attempt ${run.attempts + 1} at ${formatTimestamp(new Date(run.next_attempt_at), timeZone)}` : null}
              </p>
            </div>
            {canDecide ? <RunButtons orgSlug={orgSlug} run={run} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Choice = { status: "done" | "declined" | "undone"; label: string; icon: typeof Check; variant: "default" | "outline" };

const approve: Choice = { status: "done", label: "Approve", icon: Check, variant: "default" };
const decline: Choice = { status: "declined", label: "Decline", icon: X, variant: "outline" };
const undo: Choice = { status: "undone", label: "Undo", icon: Undo2, variant: "outline" };
const retry: Choice = { status: "done", label: "Try again", icon: RotateCw, variant: "default" };

/** What an admin may do next: the transitions private.alert_action_runs_decide admits. */
function runChoices(run: AlertActionRun): Choice[] {
  switch (run.status) {
    case "awaiting_approval":
      return [approve, decline];
    case "done":
      return [undo];
    case "failed": {
      const stoppedSome = run.did !== null && "stopped" in run.did && Array.isArray(run.did.stopped) && run.did.stopped.length > 0;
      return stoppedSome ? [retry, undo] : [retry];
    }
    default:
      return [];
  }
}

function RunButtons({ orgSlug, run }: { orgSlug: string; run: AlertActionRun }) {
  const [state, action] = useActionState(decideActionRun, null);
  const choices = runChoices(run);
  if (!choices.length) return null;
  return (
    <div className="grid gap-1 sm:justify-items-end">
      <div className="flex flex-wrap gap-2">
        {choices.map(({ status, label, icon: Icon, variant }) => (
          <form key={status} action={action}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="runId" value={run.id} />
            <input type="hidden" name="status" value={status} />
            <SubmitButton size="sm" variant={variant} pendingLabel={`${label}…`}>
              <Icon /> {label}
            </SubmitButton>
          </form>
        ))}
      </div>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-destructive [overflow-wrap:anywhere]">
          {state.error.message}
        </p>
      ) : null}
    </div>
  );
}
