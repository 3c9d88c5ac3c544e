/**
 * Which usage a budget counts: a scope of exact-match filters on the event's dimensions and tags
 * (all given filters must hold; an empty scope counts everything), and optionally a dimension it
 * is kept per subject of ("each end user $5 a month"): one ledger per distinct value, events
 * without a value are not counted by such a budget.
 *
 * The same rule runs in SQL when a budget's ledgers are rebuilt from stored events
 * (private.rebuild_budget_ledgers); tests keep the two in agreement.
 */
import { z } from "zod";

export const SCOPE_DIMENSIONS = ["service", "model", "team", "project", "environment", "end_user", "feature"] as const;
export type ScopeDimension = (typeof SCOPE_DIMENSIONS)[number];

const value = z.string().min(1).max(200);

export const budgetScopeSchema = z.strictObject({
  service: value.optional(),
  model: value.optional(),
  team: value.optional(),
  project: value.optional(),
  environment: value.optional(),
  end_user: value.optional(),
  feature: value.optional(),
  tags: z
    .record(z.string().min(1).max(64), z.string().max(256))
    .refine((tags) => Object.keys(tags).length <= 20, "at most 20 tags")
    .optional(),
});
export type BudgetScope = z.output<typeof budgetScopeSchema>;

export const perSubjectSchema = z.enum(SCOPE_DIMENSIONS);

/** The dimensions of a stored or incoming event a scope looks at. */
export type ScopedEvent = Partial<Record<ScopeDimension, string | null>> & { tags?: Record<string, string> | null };

export function matchesScope(scope: BudgetScope, event: ScopedEvent): boolean {
  for (const dimension of SCOPE_DIMENSIONS) {
    const wanted = scope[dimension];
    if (wanted !== undefined && event[dimension] !== wanted) return false;
  }
  for (const [key, wanted] of Object.entries(scope.tags ?? {})) {
    if (event.tags?.[key] !== wanted) return false;
  }
  return true;
}

/** The ledger subject of an event for a per-subject budget: "" for a plain budget, null = not counted. */
export function subjectOf(per: ScopeDimension | null, event: ScopedEvent): string | null {
  if (per === null) return "";
  const subject = event[per];
  return subject === undefined || subject === null || subject === "" ? null : subject;
}
