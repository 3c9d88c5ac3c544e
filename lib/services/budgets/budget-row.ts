/** A budget as the verbs return it (and the API answers it): stored field names, money as decimal strings. */
import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import { budgetPeriodSchema } from "@/lib/core/budgets/periods";
import { budgetScopeSchema, perSubjectSchema } from "@/lib/core/budgets/scope";
import { NotFoundError } from "@/lib/services/errors";

export const Budget = z.object({
  id: z.uuid(),
  name: z.string(),
  amount: z.string().meta({ description: "Decimal string in the organization's base currency." }),
  currency: z.string(),
  period: budgetPeriodSchema,
  timezone: z.string(),
  scope: budgetScopeSchema,
  per: perSubjectSchema.nullable(),
  parent_id: z.uuid().nullable(),
  rollover: z.boolean(),
  rollover_cap: z.string().nullable(),
  enforcement: z.enum(["soft", "hard", "approval"]),
  warn_at_percent: z.number(),
  cost_basis: z.enum(["estimated", "billed"]).meta({ description: "estimated: priced usage events count; billed: what the service's cost connector synced counts." }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Budget = z.output<typeof Budget>;

type Row = Omit<Budget, "warn_at_percent" | "created_at" | "updated_at" | "period" | "scope"> & {
  period: unknown;
  scope: unknown;
  warn_at_percent: string;
  created_at: Date;
  updated_at: Date;
};

function toBudget(row: Row): Budget {
  return {
    ...row,
    period: budgetPeriodSchema.parse(row.period),
    scope: budgetScopeSchema.parse(row.scope),
    warn_at_percent: Number(row.warn_at_percent),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The organization's budgets (one, with `id`), oldest first; the org is always explicit (API keys run as service_role). */
export async function selectBudgets(tx: Tx, orgId: string, id?: string): Promise<Budget[]> {
  const rows = await tx<Row[]>`
    select id, name, amount::text as amount, currency, period, timezone, scope, per, parent_id, rollover,
      rollover_cap::text as rollover_cap, enforcement, warn_at_percent::text as warn_at_percent, cost_basis, created_at, updated_at
    from public.budgets
    where org_id = ${orgId} ${id === undefined ? tx`` : tx`and id = ${id}`}
    order by created_at, id`;
  return rows.map(toBudget);
}

export const BUDGET_NOT_FOUND = "We couldn't find that budget.";

export async function selectBudget(tx: Tx, orgId: string, id: string): Promise<Budget> {
  const [budget] = await selectBudgets(tx, orgId, id);
  if (!budget) throw new NotFoundError(BUDGET_NOT_FOUND);
  return budget;
}
