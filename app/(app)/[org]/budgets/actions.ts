"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { createBudget as create } from "@/lib/services/budgets/create-budget";
import { deleteBudget as remove } from "@/lib/services/budgets/delete-budget";
import { BudgetIdInput, CreateBudgetInput, UpdateBudgetInput } from "@/lib/services/budgets/schemas";
import { updateBudget as update } from "@/lib/services/budgets/update-budget";

/** The budget schemas are strict (the API refuses unknown fields); the form's orgSlug is the wrapper's, not the verb's. */
function withoutOrgSlug<S extends z.ZodType>(schema: S) {
  return z.preprocess((input) => {
    if (typeof input !== "object" || input === null) return input;
    const { orgSlug: _orgSlug, ...rest } = input as Record<string, unknown>;
    return rest;
  }, schema);
}

export const createBudget = orgAction({ schema: withoutOrgSlug(CreateBudgetInput), minimumRole: "admin", handler: (ctx, input) => create(byUser(ctx), input) });

export const updateBudget = orgAction({
  schema: withoutOrgSlug(UpdateBudgetInput.extend(BudgetIdInput.shape)),
  minimumRole: "admin",
  handler: (ctx, { budgetId, ...changes }) => update(byUser(ctx), budgetId, changes),
});

export const deleteBudget = orgAction({
  schema: BudgetIdInput,
  minimumRole: "admin",
  handler: (ctx, { budgetId }) => remove(byUser(ctx), budgetId),
  redirectTo: (_data, ctx) => `/${ctx.org.slug}/budgets`,
});
