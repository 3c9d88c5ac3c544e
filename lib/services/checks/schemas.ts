/**
 * Request and response of POST /api/v1/check, GET /api/v1/reservations/{id} and
 * GET /api/v1/approvals/{id}; the OpenAPI document is generated from these.
 */
import { z } from "zod";
import { DECISIONS } from "@/lib/core/checks/decide";
import { eventQuantitiesSchema, usageEventSchema } from "@/lib/core/usage/ingest-event";

export const MAX_RESERVATION_TTL_SECONDS = 86_400;
export const DEFAULT_RESERVATION_TTL_SECONDS = 300;

const dimensions = usageEventSchema.pick({ team: true, project: true, environment: true, end_user: true, feature: true, tags: true }).shape;

export const CheckRequest = z
  .strictObject({
    estimated_cost: z
      .union([z.number().nonnegative().max(1e9), z.string().regex(/^\d{1,10}(\.\d{1,20})?$/, "a decimal string like \"0.0025\"")])
      .optional()
      .meta({ description: "What the call will cost, if you know it. Otherwise send service, model and quantities to price it from the catalog." }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "an ISO 4217 code like \"USD\"")
      .optional()
      .meta({ description: "Currency of estimated_cost; defaults to the organization's base currency (others are converted with its FX rates)." }),
    service: usageEventSchema.shape.service.optional(),
    model: usageEventSchema.shape.model.optional(),
    quantities: eventQuantitiesSchema.optional().meta({ description: "The expected usage (e.g. input and output tokens), priced like an event." }),
    ...dimensions,
    reserve: z
      .strictObject({ ttl_seconds: z.number().int().min(1).max(MAX_RESERVATION_TTL_SECONDS).default(DEFAULT_RESERVATION_TTL_SECONDS) })
      .optional()
      .meta({
        description:
          "Hold the estimate on every matching budget until the event that names this reservation (reservation_id) arrives, you release it, or it expires.",
      }),
    idempotency_key: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "The same key answers the same (stored) decision again, with no second hold or approval request." }),
  })
  .refine((check) => check.estimated_cost !== undefined || (check.service !== undefined && check.model !== undefined && check.quantities !== undefined), {
    message: "Send estimated_cost, or service, model and quantities to price.",
  })
  .refine((check) => check.currency === undefined || check.estimated_cost !== undefined, { message: "currency goes with estimated_cost.", path: ["currency"] });
export type CheckInput = z.output<typeof CheckRequest>;

const decision = z.enum(DECISIONS);

export const CheckBudget = z.object({
  budget_id: z.uuid(),
  name: z.string(),
  enforcement: z.enum(["soft", "hard", "approval"]),
  period_start: z.string().meta({ description: "The current period's first instant (\"-infinity\" for a lifetime budget without a start)." }),
  subject: z.string().meta({ description: "The per-subject budget's subject (e.g. the end user), \"\" otherwise." }),
  amount: z.string().meta({ description: "The period's amount, with rollover." }),
  spent: z.string(),
  reserved: z.string().meta({ description: "Held by other open reservations." }),
  remaining_before: z.string(),
  remaining_after: z.string().nullable().meta({ description: "After this estimate; null when it could not be priced." }),
  decision,
  reason: z.enum(["within_budget", "warn_threshold", "exceeds_remaining", "unpriced_estimate"]),
});

export const ReservationStatus = z.enum(["held", "awaiting_approval", "settled", "released", "expired"]);
export const ApprovalStatus = z.enum(["pending", "approved", "denied", "expired"]);

export const ReservationSummary = z.object({
  id: z.uuid(),
  status: ReservationStatus,
  amount: z.string(),
  expires_at: z.string().nullable(),
});

export const ApprovalSummary = z.object({ id: z.uuid(), status: ApprovalStatus, expires_at: z.string() });

export const CheckResponse = z.object({
  decision: decision.meta({ description: "The most severe of the matching budgets' answers; allow when none matches." }),
  reason: z.enum(["within_budget", "warn_threshold", "exceeds_remaining", "unpriced_estimate", "no_matching_budget"]),
  estimated_cost: z.string().nullable().meta({ description: "In the base currency; null when it could not be priced." }),
  currency: z.string(),
  unpriced_reason: z.string().nullable(),
  budgets: z.array(CheckBudget),
  reservation: ReservationSummary.nullable().meta({
    description: "Present when reserve was asked and the estimate is held (allow, warn) or will be once approved (require_approval).",
  }),
  approval: ApprovalSummary.nullable().meta({ description: "The approval request (require_approval): poll GET /api/v1/approvals/{id}." }),
  replayed: z.boolean().meta({ description: "True when this is the stored answer for an idempotency_key already used." }),
  cheaper_models: z
    .array(z.object({
      model: z.string(),
      estimated_cost: z.string().meta({ description: "The same quantities priced for this model, in the base currency." }),
      decision: z.enum(["allow", "warn"]).meta({ description: "What this check would answer for it." }),
    }))
    .default([])
    .meta({
      description:
        "When the answer is not allow and the estimate was priced from the catalog: up to 5 models of the same provider that cost " +
        "less for the same quantities and that the same budgets would allow (or only warn about), most expensive first.",
    }),
  suggested_pace: z
    .object({
      budget_id: z.uuid(),
      name: z.string(),
      max_per_hour: z.string().meta({ description: "Spend at most this much per hour (base currency) to end the period on the budget." }),
      period_end: z.string(),
    })
    .nullable()
    .default(null)
    .meta({ description: "When a budget warns: the most per hour that lands the tightest one on its amount at its period end." }),
});
export type CheckResult = z.input<typeof CheckResponse>;

export const ReservationResponse = ReservationSummary.extend({
  decision,
  approval_id: z.uuid().nullable(),
  created_at: z.string(),
  settled_at: z.string().nullable(),
});

export const ApprovalResponse = z.object({
  id: z.uuid(),
  status: ApprovalStatus,
  amount: z.string().nullable().meta({ description: "The estimate in the base currency; null when it could not be priced." }),
  reason: z.string().nullable().meta({ description: "The admin's reason for the decision." }),
  decided_at: z.string().nullable(),
  expires_at: z.string(),
  created_at: z.string(),
  reservation_id: z.uuid().nullable().meta({ description: "Held from the moment the request is approved." }),
});

export const IdParams = z.object({ id: z.string() });
