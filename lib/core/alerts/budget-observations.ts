/**
 * What a budget rule sees: for an actual rule, whether spent reached threshold % of the period's
 * effective amount (exact, threshold-line.ts); for a forecast rule, whether the median forecast at
 * the period end reaches it (a forecast is an estimate: compared as numbers). Each comes with the
 * facts an alert stores (alert-facts.ts).
 */
import type { Forecast } from "../forecast/schema.ts";
import type { AlertFacts } from "./alert-facts.ts";
import { percentOf, reaches, thresholdLine } from "./threshold-line.ts";

export type SubjectLimit = { spent: string; effective: string };

export type BudgetObservation = { breached: boolean; facts: AlertFacts };

export function actualObservation(threshold: string, limit: SubjectLimit, currency: string): BudgetObservation {
  return {
    breached: reaches(limit.spent, thresholdLine(limit.effective, threshold)),
    facts: {
      kind: "actual",
      currency,
      threshold: Number(threshold),
      amount: limit.effective,
      spent: limit.spent,
      percent: percentOf(limit.spent, limit.effective),
    },
  };
}

/** Null when the forecast says nothing about the period end (nothing left to forecast). */
export function forecastObservation(threshold: string, limit: SubjectLimit, forecast: Forecast, currency: string): BudgetObservation | null {
  const end = forecast.cumulative.at(-1);
  if (!end) return null;
  const line = (Number(threshold) / 100) * Number(limit.effective);
  const exhaustion = forecast.exhaustion;
  return {
    breached: end.p50 >= line,
    facts: {
      kind: "forecast",
      currency,
      threshold: Number(threshold),
      amount: limit.effective,
      spent: limit.spent,
      forecast: end.p50.toFixed(2),
      forecast_high: end.p90.toFixed(2),
      percent: percentOf(end.p50.toFixed(2), limit.effective),
      exhaustion_at: exhaustion?.alreadyReached ? (forecast.cumulative[0]?.date ?? null) : (exhaustion?.p50Date ?? null),
    },
  };
}
