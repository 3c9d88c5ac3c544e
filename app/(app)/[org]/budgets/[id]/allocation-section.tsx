import { CircleAlert } from "lucide-react";
import Link from "next/link";
import { chartColor, OTHER_COLOR } from "@/components/charts/chart-palette";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMoney } from "@/lib/format-money";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { getBudgetAllocation, type BudgetAllocation } from "@/lib/services/budgets/get-budget-allocation";
import { ServiceError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { SpendBar, StatusBadge } from "@/components/budgets/status-badge";

/**
 * How the budget is split among its child budgets: one bar of shares (the unallocated rest in
 * grey), then each child with its spend and status, linking to it. Nothing when it has no children.
 */
export async function AllocationSection({ ctx, budgetId, currency }: { ctx: OrgContext; budgetId: string; currency: string }) {
  const money = (value: string) => formatMoney(value, currency);
  let allocation: BudgetAllocation;
  try {
    allocation = await getBudgetAllocation(byUser(ctx), budgetId);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return (
      <Card data-testid="allocation">
        <CardHeader>
          <CardTitle>Child budgets</CardTitle>
        </CardHeader>
        <CardContent>
          <Alert variant="destructive">
            <CircleAlert />
            <AlertDescription>{error.message}</AlertDescription>
          </Alert>
        </CardContent>
      </Card>
    );
  }
  const { children } = allocation;
  if (children.length === 0) return null;
  const hasRest = Number(allocation.unallocated) > 0;
  const shares = [
    ...children.map((child, index) => ({ key: child.id, label: child.name, percent: child.share_percent, color: chartColor(index) })),
    ...(hasRest ? [{ key: "rest", label: "Unallocated", percent: allocation.unallocated_percent, color: OTHER_COLOR }] : []),
  ];

  return (
    <Card className="gap-4 pb-0" data-testid="allocation">
      <CardHeader>
        <CardTitle>Child budgets</CardTitle>
        <CardDescription>
          {money(allocation.allocated)} of {money(allocation.amount)} is split among {children.length} child {children.length === 1 ? "budget" : "budgets"};{" "}
          <span data-testid="allocation-unallocated">{hasRest ? `${money(allocation.unallocated)} (${allocation.unallocated_percent}%) is unallocated` : "nothing is unallocated"}</span>.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <div
          role="img"
          aria-label={`Shares of the amount: ${shares.map((share) => `${share.label} ${share.percent}%`).join(", ")}`}
          className="flex h-3 w-full overflow-hidden rounded-full bg-muted"
        >
          {shares.map((share) => (
            <span key={share.key} className="h-full border-r-2 border-card last:border-r-0" style={{ width: `${share.percent}%`, background: share.color }} title={`${share.label}: ${share.percent}%`} />
          ))}
        </div>
      </CardContent>
      <ul className="divide-y border-t">
        {children.map((child, index) => (
          <li key={child.id} className="grid gap-2 px-6 py-4" data-testid="allocation-child">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="flex min-w-0 items-center gap-2">
                <span className="size-2.5 shrink-0 rounded-sm" style={{ background: chartColor(index) }} aria-hidden />
                <Link href={`/${ctx.org.slug}/budgets/${child.id}`} className="font-medium underline-offset-2 hover:underline [overflow-wrap:anywhere]">
                  {child.name}
                </Link>
              </span>
              <StatusBadge status={child.status} />
            </div>
            <SpendBar percent={child.percent} status={child.status} label={`${child.name}: ${child.percent}% spent`} />
            <p className="text-sm text-muted-foreground">
              <span className="font-medium text-foreground tabular-nums">{money(child.spent)}</span> of {money(child.effective_amount)} spent · {money(child.amount)} is{" "}
              <span data-testid="allocation-share">{child.share_percent}%</span> of the parent
            </p>
          </li>
        ))}
        {hasRest ? (
          <li className="flex flex-wrap items-center justify-between gap-2 px-6 py-4 text-sm">
            <span className="flex items-center gap-2">
              <span className="size-2.5 shrink-0 rounded-sm" style={{ background: OTHER_COLOR }} aria-hidden />
              Unallocated
            </span>
            <span className="text-muted-foreground tabular-nums">
              {money(allocation.unallocated)} · {allocation.unallocated_percent}%
            </span>
          </li>
        ) : null}
      </ul>
    </Card>
  );
}
