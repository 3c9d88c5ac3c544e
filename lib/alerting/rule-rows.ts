/** Alert rules as the evaluators read them (public.alert_rules), parsed so a bad row fails loudly. */
import { z } from "zod";
import type { ISql } from "postgres";
import { alertKindSchema } from "../core/alerts/alert-facts.ts";

export const ruleRowSchema = z.object({
  id: z.string(),
  budget_id: z.string().nullable(),
  kind: alertKindSchema,
  threshold: z.string(),
  window_minutes: z.number().int().nullable(),
  min_amount: z.string().nullable(),
  service: z.string().nullable(),
  metric: z.enum(["error_rate", "p95_latency"]).nullable(),
  min_requests: z.number().int().nullable(),
  enabled: z.boolean(),
  muted_until: z.date().nullable(),
  cooldown_minutes: z.number().int(),
});

export type RuleRow = z.infer<typeof ruleRowSchema>;

/** Rules of one organization, by budget and/or kind. */
export async function readRules(sql: ISql, orgId: string, filter: { budgetIds?: string[]; kinds: RuleRow["kind"][] }): Promise<RuleRow[]> {
  const rows = await sql<Record<string, unknown>[]>`
    select id::text, budget_id::text, kind, threshold::text, window_minutes, min_amount::text, service, metric, min_requests,
      enabled, muted_until, cooldown_minutes
    from public.alert_rules
    where org_id = ${orgId} and kind = any (${filter.kinds}::text[])
      ${filter.budgetIds ? sql`and budget_id = any (${filter.budgetIds}::uuid[])` : sql``}
    order by id`;
  return rows.map((row) => ruleRowSchema.parse(row));
}
