/**
 * One usage event as a client sends it to POST /api/v1/events, validated on its own and priced:
 * the pure half of ingest (the write is lib/services/usage/ingest-events.ts). A bad event becomes
 * a rejection with a code and a message; it never stops the rest of the batch.
 *
 * Decisions:
 * - Strict: an unknown field is rejected (`unknown_field`), so a typo ("input_token") is never
 *   silently dropped and billed as nothing. Optional fields are omitted, not sent as null.
 * - Counts are integers in [0, 10^12] (far beyond any one call; bounds keep sums sane).
 * - Quantities come either as `quantities` (our names) or as the provider's own `usage` object
 *   with `usage_format`, normalized by normalizeUsage — not both (`conflicting_usage`).
 *   `reasoning_tokens` are INCLUDED in `output_tokens` (as every provider bills them).
 * - `cost` (+ `currency`, required with it) is used as given: pricing_status "provided". Any
 *   currency: it is converted to the base currency with the organization's dated rates, and
 *   without a rate the event is unpriced (`no_fx_rate`), never converted at a guessed rate
 *   (lib/core/pricing/price-event.ts).
 * - `units` (a generic SKU count) has no catalog price; an organization's override for the model
 *   can price it, otherwise send `cost` with it.
 * - `timestamp` more than 5 minutes ahead of the server clock is rejected (`timestamp_in_future`);
 *   the past is allowed (backfills) back to the organization's retention (`timestamp_too_old`:
 *   the raw event would be dropped at once) and never before 1970-01-01.
 * - Stored strings may not contain NUL or an unpaired UTF-16 surrogate (`invalid_field`): valid
 *   JSON, but Postgres text/jsonb cannot hold them.
 */
import { z } from "zod";
import { decimalFromNumberLiteral, formatDecimal, parseDecimal } from "../money.ts";
import { priceEvent, type EventPricing, type PricingContext } from "../pricing/price-event.ts";
import { normalizeUsage, usageFormatSchema } from "./normalize-usage.ts";
import { compactQuantities, type Quantities } from "./quantities.ts";

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** 1970-01-01: the catalog's EPOCH; Postgres cannot store year 0 ("0000-…", or "0001-…" with an offset). */
export const MIN_OCCURRED_AT = 0;
const MAX_COUNT = 1_000_000_000_000;

const count = z.number().int().nonnegative().max(MAX_COUNT);
// Postgres text and jsonb cannot hold NUL or an unpaired UTF-16 surrogate (valid JSON, e.g. "\ud800"):
// such a string is the event's own fault (invalid_field), never a failed batch. In a /u regex a
// surrogate class matches only unpaired surrogates.
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;
const storable = (text: string) => !UNSTORABLE.test(text);
const STORABLE_MESSAGE = "must not contain NUL characters or unpaired UTF-16 surrogates";
const text = (min: number, max: number) => z.string().min(min).max(max).refine(storable, STORABLE_MESSAGE);
const label = (max: number) => text(1, max);

export const eventQuantitiesSchema = z.strictObject({
  input_tokens: count.optional(),
  output_tokens: count.optional(),
  cached_input_tokens: count.optional(),
  cache_write_tokens: count.optional(),
  reasoning_tokens: count.optional().meta({ description: "Included in output_tokens." }),
  requests: count.optional(),
  messages: count.optional(),
  emails: count.optional(),
  seconds: count.optional(),
  units: count.optional().meta({ description: "Generic SKU units: priced by your organization's override for the model, or send cost with them." }),
});

export const usageEventSchema = z.strictObject({
  id: label(200).meta({ description: "Your id for this event: resending it is a no-op (idempotency)." }),
  timestamp: z.iso.datetime({ offset: true }),
  service: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, . _ -"),
  model: label(200),
  operation: label(100).optional(),
  quantities: eventQuantitiesSchema.optional(),
  usage: z.record(z.string(), z.unknown()).optional().meta({ description: "The provider's own usage object, as returned." }),
  usage_format: usageFormatSchema.optional(),
  cost: z
    .union([z.number().nonnegative().max(1e9), z.string().regex(/^\d{1,10}(\.\d{1,20})?$/, "a decimal string like \"0.0025\"")])
    .optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code like \"USD\"").optional(),
  latency_ms: z.number().int().nonnegative().max(86_400_000).optional(),
  status: z.enum(["ok", "error"]).optional(),
  error_code: label(100).optional(),
  team: label(200).optional(),
  project: label(200).optional(),
  environment: label(200).optional(),
  end_user: label(200).optional(),
  feature: label(200).optional(),
  tags: z
    .record(text(1, 64), text(0, 256))
    .refine((tags) => Object.keys(tags).length <= 20, "at most 20 tags")
    .optional(),
  reservation_id: z
    .uuid()
    .optional()
    .meta({ description: "The reservation from POST /api/v1/check this event settles: its hold is released. An unknown or already ended id is ignored." }),
});

export type UsageEventInput = z.infer<typeof usageEventSchema>;

export type RejectionCode =
  | "invalid_event"
  | "unknown_field"
  | "invalid_field"
  | "timestamp_in_future"
  | "timestamp_too_old"
  | "conflicting_usage"
  | "invalid_usage"
  | "currency_required";

export type Rejection = { index: number; code: RejectionCode; message: string };

/** What private.ingest_events takes for one event (snake_case, decimals as strings). */
export type PreparedEvent = EventPricing & {
  idx: number;
  client_event_id: string;
  occurred_at: string;
  service: string;
  model: string;
  operation: string | null;
  quantities: Record<string, string>;
  reasoning_tokens: number | null;
  currency: string;
  latency_ms: number | null;
  status: "ok" | "error";
  error_code: string | null;
  team: string | null;
  project: string | null;
  environment: string | null;
  end_user: string | null;
  feature: string | null;
  tags: Record<string, string>;
  reservation_id: string | null;
};

export type PrepareOptions = {
  pricing: PricingContext;
  now: number;
  /** Events before this instant (ms) are outside the organization's retention. */
  oldestAllowed?: number;
};

/** Our quantity field → the catalog's unit (shared with the pre-spend check's token estimate). */
export const QUANTITY_UNITS = {
  input_tokens: "input_token",
  output_tokens: "output_token",
  cached_input_tokens: "cached_input_token",
  cache_write_tokens: "cache_write_token",
  requests: "request",
  messages: "message",
  emails: "email",
  seconds: "second",
  units: "unit",
} as const;

function firstIssue(error: z.ZodError, index: number): Rejection {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? ` in ${issue.path.join(".")}` : "";
    return { index, code: "unknown_field", message: `Unknown field${issue.keys.length > 1 ? "s" : ""}${where}: ${issue.keys.join(", ")}.` };
  }
  const path = issue.path.join(".") || "event";
  return { index, code: "invalid_field", message: `${path}: ${issue.message}` };
}

export function prepareEvent(raw: unknown, index: number, options: PrepareOptions): PreparedEvent | Rejection {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { index, code: "invalid_event", message: "Each event must be a JSON object." };
  }
  const parsed = usageEventSchema.safeParse(raw);
  if (!parsed.success) return firstIssue(parsed.error, index);
  const event = parsed.data;
  const reject = (code: RejectionCode, message: string): Rejection => ({ index, code, message });

  const occurredAt = Date.parse(event.timestamp);
  if (occurredAt < MIN_OCCURRED_AT) {
    return reject("invalid_field", "timestamp: must not be before 1970-01-01T00:00:00Z.");
  }
  if (occurredAt > options.now + MAX_FUTURE_SKEW_MS) {
    return reject("timestamp_in_future", "timestamp is more than 5 minutes in the future.");
  }
  if (options.oldestAllowed !== undefined && occurredAt < options.oldestAllowed) {
    return reject("timestamp_too_old", `timestamp is older than the organization's retention (${new Date(options.oldestAllowed).toISOString()}).`);
  }
  if (event.error_code !== undefined && event.status !== "error") {
    return reject("invalid_field", "error_code: only allowed with status \"error\".");
  }

  // Quantities: ours, or the provider's usage object normalized.
  let quantities: Quantities = {};
  let reasoningTokens: number | undefined;
  if ((event.usage === undefined) !== (event.usage_format === undefined)) {
    return reject("invalid_field", "usage and usage_format go together.");
  }
  if (event.usage !== undefined && event.usage_format !== undefined) {
    if (event.quantities !== undefined) return reject("conflicting_usage", "Send quantities or a provider usage object, not both.");
    const normalized = normalizeUsage(event.usage_format, event.usage);
    if (!normalized.ok) return reject("invalid_usage", `usage (${event.usage_format}): ${normalized.error}`);
    quantities = normalized.usage.quantities;
    reasoningTokens = normalized.usage.reasoningTokens;
  } else if (event.quantities) {
    for (const [field, unit] of Object.entries(QUANTITY_UNITS)) {
      const value = event.quantities[field as keyof typeof QUANTITY_UNITS];
      if (value !== undefined) quantities[unit] = value;
    }
    reasoningTokens = event.quantities.reasoning_tokens;
    if ((reasoningTokens ?? 0) > (quantities.output_token ?? 0)) {
      return reject("invalid_field", "quantities.reasoning_tokens: included in output_tokens, so cannot exceed them.");
    }
  }
  const compact = compactQuantities(quantities);
  const stored: Record<string, string> = Object.fromEntries(Object.entries(compact).map(([u, n]) => [u, String(n)]));

  // Cost: the client's own (converted if need be), or priced from the catalog; else unpriced with the reason.
  let provided: { amount: string; currency: string } | undefined;
  if (event.cost !== undefined) {
    if (event.currency === undefined) return reject("currency_required", "currency is required with cost.");
    const amount = typeof event.cost === "number" ? decimalFromNumberLiteral(event.cost) : parseDecimal(event.cost);
    provided = { amount: formatDecimal(amount), currency: event.currency };
  } else if (event.currency !== undefined) {
    return reject("invalid_field", "currency: only allowed with cost.");
  }
  const pricing = priceEvent(
    { service: event.service, model: event.model, occurredAt: new Date(occurredAt), quantities: compact, reasoningTokens, provided },
    options.pricing,
  );

  return {
    idx: index,
    client_event_id: event.id,
    occurred_at: new Date(occurredAt).toISOString(),
    service: event.service,
    model: event.model,
    operation: event.operation ?? null,
    quantities: stored,
    reasoning_tokens: reasoningTokens ?? null,
    currency: options.pricing.baseCurrency,
    ...pricing,
    latency_ms: event.latency_ms ?? null,
    status: event.status ?? "ok",
    error_code: event.error_code ?? null,
    team: event.team ?? null,
    project: event.project ?? null,
    environment: event.environment ?? null,
    end_user: event.end_user ?? null,
    feature: event.feature ?? null,
    tags: event.tags ?? {},
    reservation_id: event.reservation_id ?? null,
  };
}

export function isRejection(value: PreparedEvent | Rejection): value is Rejection {
  return "code" in value;
}
