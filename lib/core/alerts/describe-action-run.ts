/**
 * One sentence for what an automated action did (or waits to do) when an alert fired — the alert
 * page's wording, shared with anything else that lists runs.
 */
export type ActionRunFacts = {
  kind: "enforce_hard" | "suspend_key_scope" | "stop_make_scenarios" | "call_webhook";
  status: "awaiting_approval" | "queued" | "done" | "skipped" | "failed" | "declined" | "undoing" | "undone";
  target: Record<string, string | null>;
  target_label: string | null;
  did: Record<string, string> | MakeDid | WebhookDid | null;
  note: string | null;
};

type MakeDid = { stopped: { id: number; name: string }[]; started: number[] };
type Delivery = { webhook_id: string; status: number; sent_at: string };
type WebhookDid = { requested: Delivery; undone?: Delivery };

function isMakeDid(did: ActionRunFacts["did"]): did is MakeDid {
  return did !== null && "stopped" in did && Array.isArray(did.stopped);
}

function isWebhookDid(did: ActionRunFacts["did"]): did is WebhookDid {
  return did !== null && "requested" in did && typeof did.requested === "object";
}

const names = (scenarios: { name: string }[]) => scenarios.map((scenario) => `“${scenario.name}”`).join(", ");

export function describeActionRun(run: ActionRunFacts): string {
  if (run.kind === "stop_make_scenarios") return describeMakeRun(run);
  if (run.kind === "call_webhook") return describeWebhookRun(run);
  const did = run.did !== null && !isMakeDid(run.did) && !isWebhookDid(run.did) ? run.did : null;
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
        ? `Undone: ${budget} is back on ${did?.enforcement_before ?? "its earlier"} enforcement.`
        : `Undone: the ${did?.scope_removed ?? ""} scope is back on ${key}.`;
    default:
      return run.kind === "enforce_hard"
        ? `Switched ${budget} from ${did?.enforcement_before ?? "its earlier"} to hard enforcement.`
        : `Took the ${did?.scope_removed ?? ""} scope from ${key}.`;
  }
}

function describeMakeRun(run: ActionRunFacts): string {
  const stopped = isMakeDid(run.did) ? run.did.stopped : [];
  const through = `through ${run.target_label ? `“${run.target_label}”` : "a removed connector"}`;
  const count = `${stopped.length} Make scenario${stopped.length === 1 ? "" : "s"}`;
  const note = run.note ? ` ${run.note}` : "";
  switch (run.status) {
    case "awaiting_approval":
      return `Waiting for an admin's approval to stop the Make scenarios tagged to this budget, ${through}.`;
    case "declined":
      return `Declined: did not stop the tagged Make scenarios.`;
    case "queued":
      return stopped.length > 0 ? `Stopping the tagged Make scenarios ${through}: ${count} stopped so far.${note}` : `Stopping the tagged Make scenarios ${through}…${note}`;
    case "skipped":
      return `Nothing done: ${run.note ?? "no scenario to stop."}`;
    case "failed":
      return `Could not stop the tagged Make scenarios ${through}.${note}`;
    case "done":
      return `Stopped ${count} ${through}: ${names(stopped)}.${note}`;
    case "undoing":
      return `Starting ${names(stopped)} again…${note}`;
    case "undone":
      return `Undone: started ${names(stopped)} again.${note}`;
  }
}

function describeWebhookRun(run: ActionRunFacts): string {
  const did = isWebhookDid(run.did) ? run.did : null;
  const webhook = `webhook ${run.target_label ? `“${run.target_label}”` : "(channel removed)"}`;
  const note = run.note ? ` ${run.note}` : "";
  switch (run.status) {
    case "awaiting_approval":
      return `Waiting for an admin's approval to call ${webhook}.`;
    case "declined":
      return `Declined: did not call ${webhook}.`;
    case "queued":
      return `Calling ${webhook}…${note}`;
    case "skipped":
      return `Nothing done: ${run.note ?? "nothing to call."}`;
    case "failed":
      return `Could not call ${webhook}.${note}`;
    case "done":
      return `Called ${webhook}: action.requested answered HTTP ${did?.requested.status ?? "?"}.${note}`;
    case "undoing":
      return `Telling ${webhook} it is undone…${note}`;
    case "undone":
      return `Undone: ${webhook} got action.undone (HTTP ${did?.undone?.status ?? "?"}).${note}`;
  }
}
