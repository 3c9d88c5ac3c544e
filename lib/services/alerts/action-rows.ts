/** Alert actions and their runs as the verbs return them (the organization always explicit: API keys run as service_role). */
import "server-only";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/services/errors";
import type { AlertAction, AlertActionRun } from "./action-schemas";

export const ACTION_NOT_FOUND = "We couldn't find that alert action.";
export const RUN_NOT_FOUND = "We couldn't find that action run.";

type ActionRow = Omit<AlertAction, "created_at"> & { created_at: Date };
type RunRow = Omit<AlertActionRun, "created_at" | "ran_at" | "decided_at" | "undone_at" | "next_attempt_at"> & {
  created_at: Date; ran_at: Date | null; decided_at: Date | null; undone_at: Date | null; next_attempt_at: Date | null;
};

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export async function selectActions(tx: Tx, orgId: string, filter: { id?: string; ruleId?: string }): Promise<AlertAction[]> {
  const rows = await tx<ActionRow[]>`
    select id, rule_id, kind, api_key_id, scope, connector_id, channel_id, requires_approval, created_at
    from public.alert_actions
    where org_id = ${orgId}
      ${filter.id === undefined ? tx`` : tx`and id = ${filter.id}`}
      ${filter.ruleId === undefined ? tx`` : tx`and rule_id = ${filter.ruleId}`}
    order by created_at, id`;
  return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() }));
}

export async function selectRuns(tx: Tx, orgId: string, filter: { id?: string; alertId?: string }): Promise<AlertActionRun[]> {
  const rows = await tx<RunRow[]>`
    select r.id, r.action_id, r.alert_id, r.kind, r.status, r.target, r.did, r.note, r.attempts, r.next_attempt_at,
      r.created_at, r.ran_at, r.decided_at, r.undone_at,
      case r.kind
        when 'enforce_hard' then (select b.name from public.budgets b where b.id = (r.target ->> 'budget_id')::uuid and b.org_id = r.org_id)
        when 'stop_make_scenarios' then (select c.name from public.connectors c where c.id = (r.target ->> 'connector_id')::uuid and c.org_id = r.org_id)
        when 'call_webhook' then (select c.name from public.notification_channels c where c.id = (r.target ->> 'channel_id')::uuid and c.org_id = r.org_id)
        else (select k.name || ' (' || k.prefix || '…)' from public.api_keys k where k.id = (r.target ->> 'api_key_id')::uuid and k.org_id = r.org_id)
      end as target_label
    from public.alert_action_runs r
    where r.org_id = ${orgId}
      ${filter.id === undefined ? tx`` : tx`and r.id = ${filter.id}`}
      ${filter.alertId === undefined ? tx`` : tx`and r.alert_id = ${filter.alertId}`}
    order by r.created_at, r.id`;
  return rows.map((row) => ({
    ...row,
    created_at: row.created_at.toISOString(),
    ran_at: iso(row.ran_at),
    decided_at: iso(row.decided_at),
    undone_at: iso(row.undone_at),
    next_attempt_at: iso(row.next_attempt_at),
  }));
}

export async function selectRun(tx: Tx, orgId: string, id: string): Promise<AlertActionRun> {
  const [run] = await selectRuns(tx, orgId, { id });
  if (!run) throw new NotFoundError(RUN_NOT_FOUND);
  return run;
}
