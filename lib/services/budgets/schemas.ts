/**
 * What the budget verbs accept, in the API's own field names (snake_case, as stored): the API
 * passes its JSON body straight through and the budget form builds the same object.
 */
import { z } from "zod";
import { budgetPeriodSchema } from "@/lib/core/budgets/periods";
import { budgetScopeSchema, perSubjectSchema } from "@/lib/core/budgets/scope";
import { isValidTimeZone } from "@/lib/core/time/zoned";
import { nameField, uuidField } from "@/lib/services/organizations/schemas";

/** A positive decimal string under 1e12 with at most 20 decimals (numbers are accepted and kept as written). */
const decimal = (label: string, { allowZero }: { allowZero: boolean }) =>
  z
    .union([z.string().trim(), z.number().transform((value) => String(value))], { error: `Enter ${label} as a number.` })
    .refine((text) => /^\d{1,12}(\.\d{1,20})?$/.test(text), {
      message: `Enter ${label} as a plain number with at most 20 decimals, like 250 or 12.50.`,
      abort: true,
    })
    .refine((text) => Number(text) < 1e12, { message: `Keep ${label} under 1,000,000,000,000.`, abort: true })
    .refine((text) => allowZero || Number(text) > 0, `${label[0].toUpperCase()}${label.slice(1)} must be more than 0.`);

export const timezoneInput = z.string({ error: "Choose a time zone." }).refine(isValidTimeZone, "That time zone does not exist.");

const budgetFields = {
  name: nameField,
  amount: decimal("the amount", { allowZero: false }),
  period: budgetPeriodSchema,
  /** The organization's time zone when left out. */
  timezone: timezoneInput.optional(),
  scope: budgetScopeSchema.default({}),
  per: perSubjectSchema.nullable().default(null),
  parent_id: uuidField.nullable().default(null),
  rollover: z.boolean().default(false),
  rollover_cap: decimal("the rollover cap", { allowZero: true }).nullable().default(null),
  enforcement: z.enum(["soft", "hard", "approval"], { error: "Choose soft, hard or approval." }).default("soft"),
  warn_at_percent: z.number({ error: "Enter a percentage." }).gt(0, "Warn above 0%.").max(100, "Warn at 100% at most.").default(80),
  /** estimated: priced usage events count; billed: what the service's cost connector synced counts. */
  cost_basis: z.enum(["estimated", "billed"], { error: "Choose estimated or billed." }).default("estimated"),
};

/** A budget on billed cost is one service's bill: no other filter, no subjects (billed figures carry neither). */
function billedScopeProblem(budget: { cost_basis?: string; scope?: Record<string, unknown>; per?: string | null }): string | null {
  if (budget.cost_basis !== "billed") return null;
  const keys = Object.keys(budget.scope ?? {});
  if (keys.length !== 1 || keys[0] !== "service") return "A budget on billed cost is scoped to one service only (e.g. openai), with no other filter.";
  if (budget.per) return "A budget on billed cost can't be kept per subject: billed figures carry no team, project or user.";
  return null;
}

const capNeedsRollover = (budget: { rollover?: boolean; rollover_cap?: string | null }) => budget.rollover_cap == null || budget.rollover === true;
const capMessage = { message: "A rollover cap needs rollover turned on.", path: ["rollover_cap"] };

export const CreateBudgetInput = z
  .strictObject(budgetFields)
  .refine(capNeedsRollover, capMessage)
  .superRefine((budget, ctx) => {
    const problem = billedScopeProblem(budget);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["cost_basis"] });
  });
export type CreateBudgetInput = z.input<typeof CreateBudgetInput>;

/** A partial update: only the fields sent change. */
export const UpdateBudgetInput = z
  .strictObject({
    name: budgetFields.name,
    amount: budgetFields.amount,
    period: budgetFields.period,
    timezone: timezoneInput,
    scope: budgetScopeSchema,
    per: perSubjectSchema.nullable(),
    parent_id: uuidField.nullable(),
    rollover: z.boolean(),
    rollover_cap: budgetFields.rollover_cap,
    enforcement: budgetFields.enforcement,
    warn_at_percent: budgetFields.warn_at_percent,
    cost_basis: z.enum(["estimated", "billed"], { error: "Choose estimated or billed." }),
  })
  .partial();
export type UpdateBudgetInput = z.input<typeof UpdateBudgetInput>;

export const BudgetIdInput = z.object({ budgetId: uuidField });
