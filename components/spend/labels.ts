/** Words for the spend pages' choices and codes (Explore, the dashboard). */
import type { EventStatus, ExploreRange, PricingStatus } from "@/lib/services/usage/explore-schemas";
import type { SpendDimension, SpendGranularity } from "@/lib/services/usage/spend-schemas";

export const RANGE_LABELS: Record<ExploreRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  month: "This month",
  last_month: "Last month",
  custom: "Custom dates",
};

export const GRANULARITY_LABELS: Record<SpendGranularity, string> = { hour: "Hourly", day: "Daily", month: "Monthly" };

export const DIMENSION_LABELS: Record<SpendDimension, string> = {
  service: "Service",
  model: "Model",
  team: "Team",
  project: "Project",
  environment: "Environment",
  end_user: "End user",
  feature: "Feature",
};

export const PRICING_LABELS: Record<PricingStatus, string> = { priced: "Priced from the catalog", provided: "Cost sent by the client", unpriced: "Unpriced" };
export const STATUS_LABELS: Record<EventStatus, string> = { ok: "OK", error: "Error" };

const UNPRICED_REASONS: Record<string, string> = {
  unknown_model: "The price catalog does not know this model.",
  no_price_at_time: "The catalog has no price for this model at the time of the event.",
  missing_unit_price: "Some of the units used have no price (for example cache writes, or generic units sent without a cost).",
  mixed_currency: "The model's prices are in more than one currency.",
  no_billable_quantities: "The event carries no billable quantities.",
  no_fx_rate: "The cost is in another currency and there is no exchange rate for that day.",
  invalid_input: "The usage could not be priced as sent.",
};

export function unpricedReasonText(reason: string | null): string {
  return (reason && UNPRICED_REASONS[reason]) ?? `Not priced (${reason ?? "no reason recorded"}).`;
}

const UNIT_LABELS: Record<string, string> = {
  input_token: "Input tokens",
  cached_input_token: "Cached input tokens",
  cache_write_token: "Cache write tokens",
  cache_write_1h_token: "Cache write tokens (1 h)",
  output_token: "Output tokens",
  reasoning_token: "Reasoning tokens",
  input_audio_token: "Input audio tokens",
  cached_input_audio_token: "Cached input audio tokens",
  output_audio_token: "Output audio tokens",
  web_search_request: "Web searches",
  request: "Requests",
  message: "Messages",
  email: "Emails",
  second: "Seconds",
  unit: "Units",
};

export function unitLabel(unit: string): string {
  return UNIT_LABELS[unit] ?? unit.replaceAll("_", " ");
}
