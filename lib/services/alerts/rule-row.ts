/** Alert rules as the verbs return them (and the API answers them): stored names, thresholds as numbers, money as decimal strings. */
import "server-only";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/services/errors";
import type { AlertRule } from "./rule-schemas";

type Row = Omit<AlertRule, "muted_until" | "created_at" | "updated_at"> & { muted_until: Date | null; created_at: Date; updated_at: Date };

export const RULE_NOT_FOUND = "We couldn't find that alert rule.";

export type RuleFilter = { id?: string; budgetId?: string; kind?: AlertRule["kind"] };

/** The organization's rules: by budget, then kind and threshold (the org is always explicit: API keys run as service_role). */
export async function selectRules(tx: Tx, orgId: string, filter: RuleFilter = {}): Promise<AlertRule[]> {
  const rows = await tx<Row[]>`
    select id, budget_id, kind, threshold::float8 as threshold, window_minutes, min_amount::text as min_amount, service, metric,
      min_requests, severity, member_ids, channel_ids, cooldown_minutes, enabled, muted_until, created_at, updated_at
    from public.alert_rules
    where org_id = ${orgId}
      ${filter.id === undefined ? tx`` : tx`and id = ${filter.id}`}
      ${filter.budgetId === undefined ? tx`` : tx`and budget_id = ${filter.budgetId}`}
      ${filter.kind === undefined ? tx`` : tx`and kind = ${filter.kind}`}
    order by budget_id nulls last, service nulls first, kind, threshold, created_at, id`;
  return rows.map((row) => ({
    ...row,
    muted_until: row.muted_until === null ? null : row.muted_until.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }));
}

export async function selectRule(tx: Tx, orgId: string, id: string): Promise<AlertRule> {
  const [rule] = await selectRules(tx, orgId, { id });
  if (!rule) throw new NotFoundError(RULE_NOT_FOUND);
  return rule;
}
