"use client";

import { Check, Undo2, X } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { describeActionRun } from "@/lib/core/alerts/describe-action-run";
import type { AlertActionRun } from "@/lib/services/alerts/action-schemas";
import { cn, formatTimestamp } from "@/lib/utils";
import { decideActionRun } from "../actions";

const STATUS_LABELS: Record<AlertActionRun["status"], string> = {
  awaiting_approval: "Waiting for approval",
  done: "Done",
  skipped: "Skipped",
  declined: "Declined",
  undone: "Undone",
};
const STATUS_TONES: Record<AlertActionRun["status"], string> = {
  awaiting_approval: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  done: "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400",
  skipped: "bg-muted text-muted-foreground",
  declined: "bg-muted text-muted-foreground",
  undone: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
};

/** What the alert's automated actions did, each with what an admin may still do about it. */
export function ActionRuns({ orgSlug, runs, timeZone, canDecide }: { orgSlug: string; runs: AlertActionRun[]; timeZone: string; canDecide: boolean }) {
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
              </p>
            </div>
            {canDecide ? <RunButtons orgSlug={orgSlug} run={run} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RunButtons({ orgSlug, run }: { orgSlug: string; run: AlertActionRun }) {
  const [state, action] = useActionState(decideActionRun, null);
  const choices: { status: "done" | "declined" | "undone"; label: string; icon: typeof Check; variant: "default" | "outline" }[] =
    run.status === "awaiting_approval"
      ? [{ status: "done", label: "Approve", icon: Check, variant: "default" }, { status: "declined", label: "Decline", icon: X, variant: "outline" }]
      : run.status === "done"
        ? [{ status: "undone", label: "Undo", icon: Undo2, variant: "outline" }]
        : [];
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
