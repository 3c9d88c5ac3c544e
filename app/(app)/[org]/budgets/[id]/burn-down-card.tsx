import Link from "next/link";
import { BurnDownChart } from "@/components/budgets/burn-down-chart";
import { burnDownSeries } from "@/components/budgets/burn-down-series";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { compare, parseDecimal, ZERO } from "@/lib/core/money";
import { formatMoney } from "@/lib/format-money";
import type { BudgetDetail } from "@/lib/services/budgets/get-budget-detail";
import { formatTimestamp } from "@/lib/utils";
import { Stat } from "./stat";

type BurnDownCardProps = Pick<BudgetDetail, "budget" | "status" | "burn_down"> & { orgSlug: string; canManageKeys: boolean };

/** "≈ $2.10 under the ideal pace": where spend stands against the amount spread evenly over the period (approximate). */
function pace(spent: string, idealNow: number, currency: string): { value: string; hint: string } {
  const difference = Number(spent) - idealNow;
  const hint = `Ideal by now ≈ ${formatMoney(idealNow.toFixed(2), currency)}`;
  if (Math.abs(difference) < 0.005) return { value: "On pace", hint };
  return { value: `≈ ${formatMoney(Math.abs(difference).toFixed(2), currency)} ${difference > 0 ? "over" : "under"}`, hint };
}

/**
 * The budget's burn-down with the forecast to the period end: the figures, the chart, and the
 * forecast's caveats. Nothing for a per-subject budget (its table says why: each subject has its own amount).
 */
export function BurnDownCard({ budget, status, burn_down: burnDown, orgSlug, canManageKeys }: BurnDownCardProps) {
  const money = (value: string) => formatMoney(value, budget.currency);
  const approx = (value: number) => money(value.toFixed(2));
  const forecast = status.forecast;
  if (budget.per) return null;
  if (!burnDown) {
    return (
      <Card data-testid="burn-down">
        <CardHeader>
          <CardTitle>Burn-down</CardTitle>
          <CardDescription>
            This period starts {status.period.start ? formatTimestamp(new Date(status.period.start), budget.timezone) : "later"}; its burn-down begins then.
          </CardDescription>
        </CardHeader>
      </Card>
    );
  }
  const series = burnDownSeries({ burnDown, periodStart: status.period.start, effectiveAmount: status.effective_amount, forecast, currency: budget.currency, timeZone: budget.timezone });
  const current = status.period.state === "current";
  const onPace = current && series.idealNow !== null ? pace(status.spent, series.idealNow, budget.currency) : null;
  const summary = [
    `Spent ${money(status.spent)} of ${money(status.effective_amount)}${current ? " so far" : ""}.`,
    onPace ? `${onPace.value === "On pace" ? "On the ideal pace" : `${onPace.value} the ideal pace`}.` : "",
    forecast ? `The forecast median at the period end is ${approx(forecast.at_period_end.p50)}, 80% between ${approx(forecast.at_period_end.p10)} and ${approx(forecast.at_period_end.p90)}.` : "",
  ].join(" ");
  const unseenBefore = compare(parseDecimal(burnDown.before_start), ZERO) > 0;
  const empty = status.event_count === 0;
  const reached = compare(parseDecimal(status.spent), parseDecimal(status.effective_amount)) >= 0;

  return (
    <Card data-testid="burn-down">
      <CardHeader>
        <CardTitle>Burn-down</CardTitle>
        <CardDescription>
          {series.idealNow === null
            ? "Cumulative spend against the amount. A lifetime budget has no end, so no ideal pace."
            : `Cumulative spend against the ideal pace — the amount spread evenly over the period${forecast ? ", with the forecast to the period end and its 80% and 95% ranges. Forecasts are estimates" : ""}.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        {!empty && (onPace || forecast) ? (
          <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            {onPace ? <Stat label="Against the ideal pace" value={onPace.value} hint={onPace.hint} testId="burn-down-pace" /> : null}
            {forecast ? (
              <>
                <Stat label="Median at period end" value={`≈ ${approx(forecast.at_period_end.p50)}`} testId="forecast-p50" />
                <Stat
                  label="80% / 95% range"
                  value={`${approx(forecast.at_period_end.p10)} – ${approx(forecast.at_period_end.p90)}`}
                  hint={`95%: ${approx(forecast.at_period_end.p2_5)} – ${approx(forecast.at_period_end.p97_5)}`}
                />
                <Stat
                  label="Projected to run out"
                  value={reached ? "Already reached" : (forecast.exhaustion_date ?? "Not this period")}
                  hint={!reached && forecast.earliest_exhaustion_date && forecast.earliest_exhaustion_date !== forecast.exhaustion_date ? `Possibly as early as ${forecast.earliest_exhaustion_date}` : undefined}
                />
              </>
            ) : null}
          </div>
        ) : null}
        <BurnDownChart series={series} currency={budget.currency} timeZone={budget.timezone} summary={summary} />
        {empty ? (
          <p className="text-sm text-muted-foreground" data-testid="burn-down-empty">
            No spend in this period yet: the line rises as usage arrives.{" "}
            {canManageKeys ? (
              <>
                Send events with an{" "}
                <Link className="underline underline-offset-2" href={`/${orgSlug}/settings/api-keys`}>
                  API key
                </Link>{" "}
                or{" "}
                <Link className="underline underline-offset-2" href={`/${orgSlug}/import`}>
                  import a file
                </Link>
                .
              </>
            ) : null}
          </p>
        ) : null}
        <div className="grid gap-1 text-xs text-muted-foreground">
          {unseenBefore ? (
            <p>
              The line starts at {money(burnDown.before_start)}: spend from before {formatTimestamp(new Date(burnDown.start), budget.timezone)} that is no longer kept day by day.
            </p>
          ) : null}
          <p>
            {forecast
              ? `Forecast by ${forecast.method.replaceAll("_", " ")}${forecast.backtest_error === null ? "" : ` (backtest error ${forecast.backtest_error} MASE)`}, as of ${formatTimestamp(new Date(forecast.computed_at), budget.timezone)}.`
              : status.forecast_note}
          </p>
          {forecast?.notes.length ? (
            <ul className="list-disc pl-5">
              {forecast.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
