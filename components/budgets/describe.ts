/** Budgets in words for the list and detail pages: the period, the scope, the status label. */
import type { BudgetPeriod } from "@/lib/core/budgets/periods";
import type { BudgetScope } from "@/lib/core/budgets/scope";
import type { BudgetStatusWord } from "@/lib/core/budgets/status";

const WEEKDAYS = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const ordinal = (day: number) => `${day}${day % 10 === 1 && day !== 11 ? "st" : day % 10 === 2 && day !== 12 ? "nd" : day % 10 === 3 && day !== 13 ? "rd" : "th"}`;

export function describePeriod(period: BudgetPeriod): string {
  switch (period.kind) {
    case "daily":
      return "Daily";
    case "weekly":
      return `Weekly from ${WEEKDAYS[period.weekStart]}`;
    case "monthly":
      return period.startDay === 1 ? "Monthly" : `Monthly from the ${ordinal(period.startDay)}`;
    case "quarterly":
      return period.startMonth === 1 ? "Quarterly" : `Quarterly from ${MONTHS[period.startMonth]}`;
    case "yearly":
      return period.startMonth === 1 ? "Yearly" : `Yearly from ${MONTHS[period.startMonth]}`;
    case "custom":
      return `${period.startDate} – ${period.endDate}`;
    case "lifetime":
      return period.startDate ? `Lifetime from ${period.startDate}` : "Lifetime";
  }
}

export const DIMENSION_LABELS: Record<string, string> = {
  service: "Service", model: "Model", team: "Team", project: "Project", environment: "Environment", end_user: "End user", feature: "Feature",
};

export function describeScope(scope: BudgetScope): string {
  const parts = Object.entries(scope)
    .filter(([key]) => key !== "tags")
    .map(([key, value]) => `${DIMENSION_LABELS[key] ?? key}: ${String(value)}`);
  for (const [key, value] of Object.entries(scope.tags ?? {})) parts.push(`#${key}=${value}`);
  return parts.length ? parts.join(" · ") : "All usage";
}

export const STATUS_LABELS: Record<BudgetStatusWord, string> = {
  ok: "On track",
  warning: "Warning",
  forecast_to_exceed: "Forecast to exceed",
  critical: "Critical",
  exceeded: "Exceeded",
};
