/**
 * One sentence for what an automated action did (or waits to do) when an alert fired — the alert
 * page's wording, shared with anything else that lists runs.
 */
export type ActionRunFacts = {
  kind: "enforce_hard" | "suspend_key_scope";
  status: "awaiting_approval" | "done" | "skipped" | "declined" | "undone";
  target: Record<string, string | null>;
  target_label: string | null;
  did: Record<string, string> | null;
  note: string | null;
};

export function describeActionRun(run: ActionRunFacts): string {
  const budget = `budget “${run.target_label ?? "(deleted)"}”`;
  const key = `API key ${run.target_label ?? "(deleted)"}`;
  const effect = run.kind === "enforce_hard"
    ? `switch ${budget} to hard enforcement`
    : `take the ${run.target.scope ?? ""} scope from ${key}`;
  switch (run.status) {
    case "awaiting_approval":
      return `Waiting for an admin's approval to ${effect}.`;
    case "declined":
      return `Declined: did not ${effect}.`;
    case "skipped":
      return `Nothing done: ${run.note ?? "there was nothing to change."}`;
    case "undone":
      return run.kind === "enforce_hard"
        ? `Undone: ${budget} is back on ${run.did?.enforcement_before ?? "its earlier"} enforcement.`
        : `Undone: the ${run.did?.scope_removed ?? ""} scope is back on ${key}.`;
    case "done":
      return run.kind === "enforce_hard"
        ? `Switched ${budget} from ${run.did?.enforcement_before ?? "its earlier"} to hard enforcement.`
        : `Took the ${run.did?.scope_removed ?? ""} scope from ${key}.`;
  }
}
