/**
 * The monthly report (issue 8 §4), as the signed-in member under RLS, read in one transaction so
 * its figures agree: a calendar month in the organization's time zone (report-month.ts) against
 * the month before — totals, spend by service, the models, teams and projects that moved most
 * (spend-changes.ts) — its budgets against the periods that overlap it (budget-month.ts, over the
 * same ledgers the status reads), the forecast each budget's current period has now (the status's
 * own, stored by run-forecasts when fresh), and the alerts fired in it.
 *
 * Spend is THE spend query over the hourly facets with the month's exact bounds: an hour counts in
 * the month it starts in — the API's month buckets — which is exact for whole-hour zones; in a
 * half-hour zone (Asia/Kolkata) the hour straddling local midnight of the 1st counts in the month before.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { readLedgersOf } from "@/lib/alerting/read-ledgers";
import { severitySchema, type Severity } from "@/lib/core/alerts/alert-facts";
import { periodAt, type BudgetPeriod } from "@/lib/core/budgets/periods";
import { formatDecimal, isZero, parseDecimal, subtract, ZERO } from "@/lib/core/money";
import { budgetMonthFigures, type BudgetMonthFigures } from "@/lib/core/reports/budget-month";
import { addMonths, formatReportMonth, monthBounds, parseReportMonth, reportMonthState } from "@/lib/core/reports/report-month";
import { percentOf, rankChanges, type GroupSpend, type RankedChanges } from "@/lib/core/reports/spend-changes";
import { selectBudgets, type Budget } from "@/lib/services/budgets/budget-row";
import { readBudgetStatuses } from "@/lib/services/budgets/get-budget-status";
import { InvalidError, NotFoundError } from "@/lib/services/errors";
import { asActor } from "@/lib/services/organizations/run";
import { exploreOrg } from "@/lib/services/usage/explore-spend-request";
import { querySpendGroups, querySpendTotals, type SpendCounts, type SpendOrg } from "@/lib/services/usage/spend-query";
import type { SpendDimension } from "@/lib/services/usage/spend-schemas";
import type { OrgContext } from "@/lib/tenancy/context";

/** Groups read per dimension and month; beyond it the lists say `truncated` (a change may then be missed). */
export const REPORT_GROUPS = 500;
/** Rows each way (rose, fell) in each top-changes list. */
export const REPORT_TOP_CHANGES = 3;

export type MonthSpend = { from: string; to: string; totals: SpendCounts };

export type ReportServiceRow = {
  service: string;
  cost: string;
  share_percent: string | null;
  events: number;
  unpriced_events: number;
  /** What it cost the month before, and cost − previous (exact). */
  previous: string;
  change: string;
};

/** A group's values by dimension (null: not set on the events), e.g. { service, model } or { team }. */
export type ReportGroup = Record<string, string | null>;
export type ReportChanges = RankedChanges<ReportGroup> & { truncated: boolean };

export type ReportBudget = { id: string; name: string; period: BudgetPeriod; timezone: string; per: string | null; figures: BudgetMonthFigures };

export type ReportForecast = {
  id: string;
  name: string;
  timezone: string;
  /** The budget's current period, ISO. */
  period: { start: string | null; end: string | null };
  spent: string;
  effective_amount: string;
  /** Approximate: cumulative spend at the period end, 80% band and median. */
  at_period_end: { p10: number; p50: number; p90: number };
  exhaustion_date: string | null;
  method: string;
  computed_at: string;
};

export type MonthlyReport = {
  month: string;
  previousMonth: string;
  /** "in_progress": the month has not ended, its figures are so far. */
  state: "complete" | "in_progress";
  currency: string;
  timezone: string;
  generatedAt: string;
  current: MonthSpend;
  previous: MonthSpend;
  /** current − previous, exact; percent of the previous (null when it was 0). */
  change: { amount: string; percent: number | null };
  services: { rows: ReportServiceRow[]; truncated: boolean };
  changes: { models: ReportChanges; teams: ReportChanges; projects: ReportChanges };
  budgets: ReportBudget[];
  forecasts: ReportForecast[];
  alerts: Record<Severity, number> & { total: number };
};

export async function getMonthlyReport(ctx: OrgContext, month: string, now = Date.now()): Promise<MonthlyReport> {
  const org = exploreOrg(ctx);
  if (parseReportMonth(month) === null) {
    throw new InvalidError("A report month is written YYYY-MM, from 2000-01 on.", { month: ["Use YYYY-MM, e.g. 2026-03."] });
  }
  const state = reportMonthState(month, org.timezone, now);
  if (state === "future") throw new InvalidError(`${formatReportMonth(month)} has not started yet in ${org.timezone}.`);
  const previousMonth = addMonths(month, -1);
  const bounds = monthBounds(month, org.timezone);
  const previousBounds = monthBounds(previousMonth, org.timezone);

  return asActor(ctx.actor, async (tx) => {
    // Under RLS an organization the actor is not in is not there: the same answer as for no such organization.
    const [visible] = await tx<{ id: string }[]>`select id from public.organizations where id = ${org.id}`;
    if (!visible) throw new NotFoundError();

    const current = await monthSpend(tx, org, bounds);
    const previous = await monthSpend(tx, org, previousBounds);
    const before = parseDecimal(previous.totals.cost);
    const change = subtract(parseDecimal(current.totals.cost), before);
    const budgets = await selectBudgets(tx, org.id);
    return {
      month,
      previousMonth,
      state,
      currency: org.baseCurrency,
      timezone: org.timezone,
      generatedAt: new Date(now).toISOString(),
      current,
      previous,
      change: { amount: formatDecimal(change), percent: isZero(before) ? null : percentOf(change, before) },
      services: await servicesOf(tx, org, bounds, previousBounds),
      changes: {
        models: await changesOf(tx, org, ["service", "model"], bounds, previousBounds),
        teams: await changesOf(tx, org, ["team"], bounds, previousBounds),
        projects: await changesOf(tx, org, ["project"], bounds, previousBounds),
      },
      budgets: await budgetsOf(tx, budgets, bounds, now),
      forecasts: await forecastsOf(tx, budgets, now),
      alerts: await alertsFired(tx, org.id, bounds),
    };
  });
}

type Bounds = { start: number; end: number };

const scope = (bounds: Bounds, groupBy: SpendDimension[]) => ({ from: new Date(bounds.start), to: new Date(bounds.end), groupBy, filters: {} });

async function monthSpend(tx: Tx, org: SpendOrg, bounds: Bounds): Promise<MonthSpend> {
  return { from: new Date(bounds.start).toISOString(), to: new Date(bounds.end).toISOString(), totals: await querySpendTotals(tx, org, scope(bounds, [])) };
}

/**
 * Every service of the month, most cost first, with what it cost the month before and the exact
 * change; then the services spent on only the month before (down to nothing).
 */
async function servicesOf(tx: Tx, org: SpendOrg, bounds: Bounds, previousBounds: Bounds): Promise<MonthlyReport["services"]> {
  const current = await querySpendGroups(tx, org, scope(bounds, ["service"]), REPORT_GROUPS);
  const previous = await querySpendGroups(tx, org, scope(previousBounds, ["service"]), REPORT_GROUPS);
  const before = new Map(previous.groups.map((row) => [row.group.service ?? "", row.cost]));
  const rows = current.groups.map(({ group, cost, share_percent, events, unpriced_events }): ReportServiceRow => {
    const service = group.service ?? "";
    const earlier = before.get(service) ?? "0";
    before.delete(service);
    return { service, cost, share_percent, events, unpriced_events, previous: earlier, change: formatDecimal(subtract(parseDecimal(cost), parseDecimal(earlier))) };
  });
  for (const [service, earlier] of before) {
    rows.push({ service, cost: "0", share_percent: "0", events: 0, unpriced_events: 0, previous: earlier, change: formatDecimal(subtract(ZERO, parseDecimal(earlier))) });
  }
  return { rows, truncated: current.truncated || previous.truncated };
}

async function changesOf(tx: Tx, org: SpendOrg, groupBy: SpendDimension[], bounds: Bounds, previousBounds: Bounds): Promise<ReportChanges> {
  const read = async (range: Bounds) => {
    const { groups, truncated } = await querySpendGroups(tx, org, scope(range, groupBy), REPORT_GROUPS);
    const rows: GroupSpend<ReportGroup>[] = groups.map(({ group, cost }) => ({ key: JSON.stringify(groupBy.map((dimension) => group[dimension])), group, cost }));
    return { rows, truncated };
  };
  const current = await read(bounds);
  const previous = await read(previousBounds);
  return { ...rankChanges(current.rows, previous.rows, REPORT_TOP_CHANGES), truncated: current.truncated || previous.truncated };
}

/** Each budget against the periods overlapping the month, from its ledgers since the period it was created in. */
async function budgetsOf(tx: Tx, budgets: readonly Budget[], bounds: Bounds, now: number): Promise<ReportBudget[]> {
  const createdIn = (budget: Budget) => periodAt(budget.period, budget.timezone, Math.min(Date.parse(budget.created_at), now))?.start ?? null;
  const ledgers = await readLedgersOf(tx, budgets.map((budget) => ({ budgetId: budget.id, from: createdIn(budget) })));
  const rows: ReportBudget[] = [];
  for (const budget of budgets) {
    const figures = budgetMonthFigures({
      budget: { ...budget, warn_at_percent: String(budget.warn_at_percent), created_at: Date.parse(budget.created_at) },
      ledgers: ledgers.get(budget.id) ?? [],
      month: bounds,
      now,
    });
    if (figures) rows.push({ id: budget.id, name: budget.name, period: budget.period, timezone: budget.timezone, per: budget.per, figures });
  }
  return rows;
}

/** The forecast of each budget's current period as its status has it now (stored by run-forecasts when fresh). */
async function forecastsOf(tx: Tx, budgets: readonly Budget[], now: number): Promise<ReportForecast[]> {
  const statuses = await readBudgetStatuses(tx, budgets, now);
  return budgets.flatMap((budget, index): ReportForecast[] => {
    const status = statuses[index];
    if (!status.forecast) return [];
    const { p10, p50, p90 } = status.forecast.at_period_end;
    return [{
      id: budget.id,
      name: budget.name,
      timezone: budget.timezone,
      period: { start: status.period.start, end: status.period.end },
      spent: status.spent,
      effective_amount: status.effective_amount,
      at_period_end: { p10, p50, p90 },
      exhaustion_date: status.forecast.exhaustion_date,
      method: status.forecast.method,
      computed_at: status.forecast.computed_at,
    }];
  });
}

async function alertsFired(tx: Tx, orgId: string, bounds: Bounds): Promise<MonthlyReport["alerts"]> {
  // alerts_org_id_idx (org_id, fired_at desc) answers the range.
  const rows = await tx<{ severity: string; fired: number }[]>`
    select severity, count(*)::int as fired from public.alerts
    where org_id = ${orgId} and fired_at >= ${new Date(bounds.start)} and fired_at < ${new Date(bounds.end)}
    group by severity`;
  const counts: MonthlyReport["alerts"] = { info: 0, warning: 0, critical: 0, total: 0 };
  for (const row of rows) {
    counts[severitySchema.parse(row.severity)] = row.fired;
    counts.total += row.fired;
  }
  return counts;
}
