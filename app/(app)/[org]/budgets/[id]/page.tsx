import { ArrowLeft, CircleAlert, CornerLeftUp, Info, TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMoney } from "@/lib/format-money";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { NO_USAGE_WARNING } from "@/lib/services/budgets/create-budget";
import { getBudgetDetail, type BudgetDetail } from "@/lib/services/budgets/get-budget-detail";
import { listBudgets } from "@/lib/services/budgets/list-budgets";
import { ServiceError } from "@/lib/services/errors";
import { supportedTimeZones } from "@/lib/tenancy/intl-options";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { formatTimestamp } from "@/lib/utils";
import { PageHeader } from "../../_components/page-header";
import { BudgetForm } from "../_components/budget-form";
import { describePeriod, describeScope } from "@/components/budgets/describe";
import { SpendBar, StatusBadge } from "@/components/budgets/status-badge";
import { AlertRulesSection } from "./alert-rules-section";
import { AllocationSection } from "./allocation-section";
import { BurnDownCard } from "./burn-down-card";
import { DeleteBudgetButton } from "./delete-budget-button";
import { FiredAlertsSection } from "./fired-alerts-section";
import { Stat } from "./stat";

export const metadata: Metadata = { title: "Budget" };

type Props = { params: Promise<{ org: string; id: string }>; searchParams: Promise<{ warning?: string }> };

/** A section's place while it loads after the first paint. */
function SectionSkeleton({ label, className }: { label: string; className: string }) {
  return <Skeleton className={`${className} w-full rounded-xl`} aria-busy="true" aria-label={label} />;
}

export default async function BudgetPage({ params, searchParams }: Props) {
  const { org: slug, id } = await params;
  const ctx = await requireOrg(slug);
  const { org } = ctx;
  const isAdmin = isAtLeast(org.role, "admin");

  let result: BudgetDetail;
  try {
    result = await getBudgetDetail(byUser(ctx), id);
  } catch (error) {
    if (error instanceof ServiceError && (error.code === "not_found" || error.code === "invalid")) notFound();
    if (!(error instanceof ServiceError)) throw error;
    return (
      <Alert variant="destructive">
        <CircleAlert />
        <AlertDescription>{error.message}</AlertDescription>
      </Alert>
    );
  }
  const { budget, status, parent } = result;
  const money = (value: string) => formatMoney(value, budget.currency);
  const when = (value: string | null, fallback: string) => (value ? formatTimestamp(new Date(value), budget.timezone) : fallback);
  const parents = isAdmin ? (await listBudgets(byUser(ctx))).filter((other) => other.id !== budget.id).map(({ id: parentId, name }) => ({ id: parentId, name })) : [];
  const showNoUsage = (await searchParams).warning === "no-usage" && status.event_count === 0;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <nav aria-label="Breadcrumb" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
        <Link href={`/${org.slug}/budgets`} className="flex w-fit items-center gap-1 hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden /> Budgets
        </Link>
        {parent ? (
          <Link href={`/${org.slug}/budgets/${parent.id}`} className="flex min-w-0 items-center gap-1 hover:text-foreground" data-testid="parent-link">
            <CornerLeftUp className="size-4 shrink-0" aria-hidden />
            <span className="[overflow-wrap:anywhere]">Part of {parent.name}</span>
          </Link>
        ) : null}
      </nav>
      <PageHeader
        title={budget.name}
        description={`${describePeriod(budget.period)} in ${budget.timezone} · ${describeScope(budget.scope)} · ${budget.enforcement} enforcement${budget.cost_basis === "billed" ? " · billed cost (from its connector; UTC days)" : ""}`}
      >
        {isAdmin ? <DeleteBudgetButton orgSlug={org.slug} budgetId={budget.id} name={budget.name} /> : null}
      </PageHeader>

      {showNoUsage ? (
        <Alert>
          <Info />
          <AlertDescription>{NO_USAGE_WARNING}</AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center gap-2">
            This period <StatusBadge status={status.status} />
          </CardTitle>
          <CardDescription>
            {status.period.state === "not_started" ? "Starts " : ""}
            {when(status.period.start, "Since the beginning")} – {when(status.period.end, "no end")}
            {status.period.state === "ended" ? " (ended)" : ""}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          <SpendBar percent={status.percent} status={status.status} label={`${status.percent}% of the budget spent`} />
          <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Spent" value={money(status.spent)} hint={`${status.percent}% · ${status.event_count} events`} testId="budget-spent" />
            <Stat
              label={budget.per ? "Amount (all subjects)" : "Amount this period"}
              value={money(status.effective_amount)}
              hint={budget.rollover ? `${money(budget.amount)} + rollover` : undefined}
            />
            <Stat label="Remaining" value={money(status.remaining)} hint={Number(status.reserved) > 0 ? `${money(status.reserved)} held by reservations` : undefined} />
            <Stat label="Burn rate (approx.)" value={status.burn_rate_per_day === null ? "—" : `${money(status.burn_rate_per_day.toFixed(2))}/day`} />
          </div>
          {status.unpriced_events > 0 ? (
            <Alert data-testid="unpriced-note">
              <TriangleAlert />
              <AlertDescription>
                {status.unpriced_events} {status.unpriced_events === 1 ? "event" : "events"} in this period had no known price, so spend may be higher than shown.
                Add the price under Settings → Prices to count them.
              </AlertDescription>
            </Alert>
          ) : null}
        </CardContent>
      </Card>

      <BurnDownCard budget={budget} status={status} burn_down={result.burn_down} orgSlug={org.slug} canManageKeys={isAdmin} />

      {result.child_count > 0 ? (
        <Suspense fallback={<SectionSkeleton label="Loading the child budgets" className="h-56" />}>
          <AllocationSection ctx={ctx} budgetId={budget.id} currency={budget.currency} />
        </Suspense>
      ) : null}

      {status.subjects ? (
        <Card className="gap-4 pb-0">
          <CardHeader>
            <CardTitle>Per {budget.per?.replace("_", " ")}</CardTitle>
            <CardDescription>
              Each gets {money(budget.amount)}. {status.subject_count > status.subjects.length ? `The ${status.subjects.length} largest of ${status.subject_count}. ` : ""}
              {status.forecast_note}
            </CardDescription>
          </CardHeader>
          {status.subjects.length === 0 ? (
            <p className="border-t px-6 py-6 text-sm text-muted-foreground">No spend by any subject this period.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Subject</TableHead>
                  <TableHead className="text-right">Spent</TableHead>
                  <TableHead className="text-right">Remaining</TableHead>
                  <TableHead>Status</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {status.subjects.map((subject) => (
                  <TableRow key={subject.subject}>
                    <TableCell className="[overflow-wrap:anywhere]">{subject.subject}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(subject.spent)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(subject.remaining)}</TableCell>
                    <TableCell>
                      <StatusBadge status={subject.status} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>
      ) : null}

      <Card className="gap-4 pb-0">
        <CardHeader>
          <CardTitle>Past periods</CardTitle>
          <CardDescription>Since the budget was created, most recent first.</CardDescription>
        </CardHeader>
        {status.history.length === 0 ? (
          <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-history">
            No past periods yet.
          </p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Period</TableHead>
                <TableHead className="text-right">Spent</TableHead>
                <TableHead className="text-right">Amount</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {status.history.map((period) => (
                <TableRow key={period.start ?? "open"}>
                  <TableCell>{when(period.start, "—")}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(period.spent)}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(period.effective_amount)}</TableCell>
                  <TableCell>
                    <StatusBadge status={period.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <Suspense fallback={<SectionSkeleton label="Loading the fired alerts" className="h-40" />}>
        <FiredAlertsSection ctx={ctx} budgetId={budget.id} />
      </Suspense>

      <AlertRulesSection ctx={ctx} budgetId={budget.id} currency={budget.currency} />

      {isAdmin ? (
        <Card>
          <CardHeader>
            <CardTitle>Edit</CardTitle>
          </CardHeader>
          <CardContent>
            <BudgetForm orgSlug={org.slug} defaultTimezone={org.timezone} timezones={supportedTimeZones()} parents={parents} budget={budget} />
          </CardContent>
        </Card>
      ) : (
        <p className="text-sm text-muted-foreground">Only admins and owners can change this budget.</p>
      )}
    </div>
  );
}
