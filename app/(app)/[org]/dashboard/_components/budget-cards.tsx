import Link from "next/link";
import { BurnDown } from "@/components/dashboard/burn-down";
import { formatMoney } from "@/lib/format-money";
import type { BudgetCard, DashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets";
import { describePeriod } from "@/components/budgets/describe";
import { SpendBar, StatusBadge } from "@/components/budgets/status-badge";

/** The budgets worst first, each with its spend bar and, for a whole budget with a forecast, its burn-down. */
export function BudgetCards({ budgets, slug, isAdmin }: { budgets: DashboardBudgets; slug: string; isAdmin: boolean }) {
  if (budgets.total === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No budgets yet.{" "}
        {isAdmin ? (
          <Link href={`/${slug}/budgets/new`} className="font-medium text-foreground underline underline-offset-4">
            Set one
          </Link>
        ) : (
          "Admins and owners can set them"
        )}{" "}
        to cap what a team, project or model may spend, and be warned before it runs out.
      </p>
    );
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2" data-testid="budget-cards">
      {budgets.cards.map((card) => (
        <li key={card.id}>
          <BudgetCardItem card={card} slug={slug} asOf={Date.parse(budgets.asOf)} />
        </li>
      ))}
    </ul>
  );
}

function BudgetCardItem({ card, slug, asOf }: { card: BudgetCard; slug: string; asOf: number }) {
  const money = (value: string) => formatMoney(value, card.currency);
  const landing = card.forecast?.at(-1);
  const burnDown = card.forecast && card.periodStart && card.periodEnd ? { start: card.periodStart, end: card.periodEnd, forecast: card.forecast } : null;
  return (
    <div className="grid h-full content-start gap-2.5 rounded-lg border p-4" data-testid="budget-card" data-budget-id={card.id}>
      <div className="flex items-start justify-between gap-2">
        <Link href={`/${slug}/budgets/${card.id}`} className="min-w-0 font-medium underline-offset-4 hover:underline [overflow-wrap:anywhere]">
          {card.name}
        </Link>
        <StatusBadge status={card.status} />
      </div>
      <p className="text-sm">
        <span className="font-medium tabular-nums" data-testid="budget-card-spent">
          {money(card.spent)}
        </span>
        <span className="text-muted-foreground">
          {" "}
          of {money(card.effectiveAmount)} · {card.percent}%
        </span>
      </p>
      <SpendBar percent={card.percent} status={card.status} label={`${card.name}: ${card.percent}% spent`} />
      {burnDown ? (
        <BurnDown
          periodStart={burnDown.start}
          periodEnd={burnDown.end}
          spent={card.spent}
          amount={card.effectiveAmount}
          forecast={burnDown.forecast}
          now={asOf}
          label={`Burn-down of ${card.name}: spent so far, the ideal line and the forecast to the period end`}
        />
      ) : null}
      <p className="text-xs text-muted-foreground">
        {describePeriod(card.period)}
        {card.per ? ` · per ${card.per.replace("_", " ")}, ${card.subjectCount} subjects` : ""}
        {landing ? ` · forecast ≈ ${money(landing.p50.toFixed(2))} at the period end` : ""}
      </p>
    </div>
  );
}
