import { CircleAlert, Plus, Target } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/lib/format-money";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { listBudgetStatuses, type BudgetWithStatus } from "@/lib/services/budgets/get-budget-status";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../_components/page-header";
import { describePeriod, describeScope } from "@/components/budgets/describe";
import { SpendBar, StatusBadge } from "@/components/budgets/status-badge";

export const metadata: Metadata = { title: "Budgets" };

export default async function BudgetsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const isAdmin = isAtLeast(org.role, "admin");

  let budgets: BudgetWithStatus[] | null = null;
  let problem: string | null = null;
  try {
    budgets = await listBudgetStatuses(byUser(ctx));
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Budgets" description={`Spend limits per period and scope, in ${org.baseCurrency}. Forecasts are estimates.`}>
        {isAdmin ? (
          <Button asChild>
            <Link href={`/${org.slug}/budgets/new`}>
              <Plus /> New budget
            </Link>
          </Button>
        ) : null}
      </PageHeader>

      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : budgets && budgets.length === 0 ? (
        <Card className="items-center gap-3 px-6 py-12 text-center" data-testid="no-budgets">
          <Target className="size-8 text-muted-foreground" aria-hidden />
          <p className="font-medium">No budgets yet</p>
          <p className="max-w-md text-sm text-muted-foreground">
            {isAdmin
              ? "Set an amount per day, week, month or any range for all usage or a team, service, model or customer, and see spend and a forecast against it."
              : "Admins and owners can create budgets. You'll see them here with their spend and forecast."}
          </p>
        </Card>
      ) : (
        <ul className="grid gap-3" data-testid="budget-list">
          {budgets?.map(({ budget, status }) => (
            <li key={budget.id}>
              <Link
                href={`/${org.slug}/budgets/${budget.id}`}
                className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs outline-none hover:bg-muted/40 focus-visible:ring-[3px] focus-visible:ring-ring/50 sm:p-5"
                data-testid="budget-row"
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="min-w-0 font-medium [overflow-wrap:anywhere]">{budget.name}</p>
                  <StatusBadge status={status.status} />
                </div>
                <SpendBar percent={status.percent} status={status.status} label={`${budget.name}: ${status.percent}% spent`} />
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
                  <p>
                    <span className="font-medium tabular-nums">{formatMoney(status.spent, budget.currency)}</span>
                    <span className="text-muted-foreground"> of {formatMoney(status.effective_amount, budget.currency)}</span>
                    <span className="text-muted-foreground"> · {status.percent}%</span>
                    {budget.per ? <span className="text-muted-foreground"> · per {budget.per.replace("_", " ")}, {status.subject_count} subjects</span> : null}
                  </p>
                  <p className="text-muted-foreground">
                    {describePeriod(budget.period)} · {describeScope(budget.scope)}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
