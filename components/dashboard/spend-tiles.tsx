import { ArrowDownRight, ArrowRight, ArrowUpRight } from "lucide-react";
import type { ReactNode } from "react";
import type { ForecastMethodName } from "@/lib/core/forecast/methods";
import { addDecimalStrings } from "@/lib/core/money";
import { formatMoney } from "@/lib/format-money";
import type { DashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles";
import { cn } from "@/lib/utils";

const METHOD_LABELS: Record<ForecastMethodName, string> = {
  run_rate: "recent daily average",
  weekly_seasonal: "weekly pattern",
  damped_holt: "recent trend",
  holt_winters: "trend and weekly pattern",
};

/** Today, this month and where the month lands, each against the same stretch of the period before. */
export function SpendTiles({ tiles }: { tiles: DashboardTiles }) {
  const { currency, today, month, forecast } = tiles;
  const money = (value: string) => formatMoney(value, currency);
  // The forecast is an estimate (numbers); added to the exact month-to-date only for display, to the cent.
  const landing = (rest: number) => addDecimalStrings(month.spent, rest.toFixed(2));
  return (
    <dl className="grid gap-3 sm:grid-cols-3" data-testid="spend-tiles">
      <Tile label="Today" testId="tile-today" value={money(today.spent)}>
        <Change current={today.spent} previous={today.previous} currency={currency} period="yesterday by this time" />
      </Tile>
      <Tile label="This month" testId="tile-month" value={money(month.spent)}>
        <Change current={month.spent} previous={month.previous} currency={currency} period="last month by this day" />
      </Tile>
      <Tile label="Month-end forecast" testId="tile-forecast" value={`≈ ${money(landing(forecast.rest.p50))}`}>
        <Change current={landing(forecast.rest.p50)} previous={month.lastMonth} currency={currency} period="last month" />
        <dd className="text-xs text-muted-foreground">
          {forecast.historyDays === 0
            ? "No complete day of history yet: this is the spend so far."
            : `80% range ${money(landing(forecast.rest.p10))} – ${money(landing(forecast.rest.p90))}, from the ${METHOD_LABELS[forecast.method]}.`}
        </dd>
      </Tile>
    </dl>
  );
}

function Tile({ label, value, testId, children }: { label: string; value: string; testId: string; children: ReactNode }) {
  return (
    <div className="grid content-start gap-1 rounded-xl border bg-card p-4 shadow-sm" data-testid={testId}>
      <dt className="text-xs font-medium text-muted-foreground uppercase">{label}</dt>
      <dd className="text-2xl font-semibold tracking-tight tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </dd>
      {children}
    </div>
  );
}

/** "+12% vs $10.00 yesterday by this time": the change in percent (display only) and what it is against. */
function Change({ current, previous, currency, period }: { current: string; previous: string; currency: string; period: string }) {
  const now = Number(current);
  const then = Number(previous);
  if (then === 0) return <dd className="text-xs text-muted-foreground" data-testid="tile-change">Nothing spent {period}</dd>;
  const percent = ((now - then) / then) * 100;
  const rounded = Math.abs(percent) < 10 ? Math.round(percent * 10) / 10 : Math.round(percent);
  const direction = rounded > 0 ? "up" : rounded < 0 ? "down" : "flat";
  const Icon = direction === "up" ? ArrowUpRight : direction === "down" ? ArrowDownRight : ArrowRight;
  return (
    <dd className="flex items-start gap-1 text-xs text-muted-foreground" data-testid="tile-change">
      <Icon
        className={cn("mt-px size-3.5 shrink-0", direction === "up" && "text-amber-600 dark:text-amber-400", direction === "down" && "text-emerald-600 dark:text-emerald-400")}
        aria-hidden
      />
      <span>
        <span className="font-medium text-foreground tabular-nums">
          {direction === "up" ? "+" : ""}
          {rounded.toLocaleString("en-US")}%
        </span>{" "}
        vs {formatMoney(previous, currency)} {period}
      </span>
    </dd>
  );
}
