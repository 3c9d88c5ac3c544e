import { CircleAlert, Plug } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatMoney } from "@/lib/format-money";
import { ServiceError } from "@/lib/services/errors";
import { getReconciliation, type Reconciliation } from "@/lib/services/reconciliation/get-reconciliation";
import { requireOrg } from "@/lib/tenancy/current-org";
import { cn } from "@/lib/utils";
import { PageHeader } from "../_components/page-header";

export const metadata: Metadata = { title: "Reconciliation" };

const DESCRIPTION =
  "What Spendguard priced from your usage events, day by day, next to what each provider billed (synced by cost connectors). " +
  "Differences above the tolerance are highlighted, with what Spendguard can tell about why.";

type SearchParams = Promise<{ from?: string; to?: string; tolerance_percent?: string }>;

export default async function ReconciliationPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const ctx = await requireOrg((await params).org);
  const query = await searchParams;
  let result: Reconciliation | null = null;
  let problem: string | null = null;
  try {
    result = await getReconciliation(ctx, query);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Reconciliation" description={DESCRIPTION} />
      <form className="flex flex-wrap items-end gap-3" data-testid="reconciliation-range">
        <div className="grid gap-1.5">
          <Label htmlFor="from">From</Label>
          <Input id="from" name="from" type="date" defaultValue={result?.from ?? query.from} className="w-40" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="to">To</Label>
          <Input id="to" name="to" type="date" defaultValue={result?.to ?? query.to} className="w-40" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tolerance_percent">Tolerance (%)</Label>
          <Input id="tolerance_percent" name="tolerance_percent" inputMode="decimal" defaultValue={String(result?.tolerance_percent ?? query.tolerance_percent ?? 2)} className="w-24" />
        </div>
        <Button type="submit" variant="outline">
          Show
        </Button>
      </form>
      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}
      {result && !result.connected ? (
        <Card data-testid="reconciliation-empty">
          <CardHeader>
            <CardTitle>Nothing to compare yet</CardTitle>
            <CardDescription>Connect OpenAI, Anthropic, Twilio or AWS so Spendguard knows what they billed.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button asChild>
              <Link href={`/${ctx.org.slug}/settings/connectors`}>
                <Plug /> Add a cost connector
              </Link>
            </Button>
          </CardContent>
        </Card>
      ) : null}
      {result && result.connected ? <ReconciliationView result={result} /> : null}
    </div>
  );
}

const money = (value: string | null, currency: string) => (value === null ? "—" : formatMoney(value, currency));

function ReconciliationView({ result }: { result: Reconciliation }) {
  if (!result.days.length) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="reconciliation-no-days">
        No billed costs or priced spend for connected providers between {result.from} and {result.to} (UTC). A new connector&apos;s first sync takes a minute.
      </p>
    );
  }
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="reconciliation-totals">
        {result.totals.map((total) => (
          <Card key={total.service} className="gap-2">
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                {total.service}
                {total.over_tolerance_days ? <Badge className="border-transparent bg-amber-500/15 text-amber-800 dark:text-amber-300">{total.over_tolerance_days} day(s) off</Badge> : null}
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-1 text-sm">
              <p>Priced: <span className="font-medium">{money(total.priced, result.currency)}</span></p>
              <p>Billed: <span className="font-medium">{money(total.billed, result.currency)}</span></p>
            </CardContent>
          </Card>
        ))}
      </div>
      <Card className="gap-0 py-0">
        <ul className="divide-y" data-testid="reconciliation-days">
          {result.days.map((row) => (
            <li
              key={`${row.service}-${row.day}`}
              className={cn("grid gap-1 px-4 py-3 text-sm sm:grid-cols-[8rem_7rem_repeat(3,minmax(0,1fr))] sm:items-start sm:gap-3", row.over_tolerance && "bg-amber-500/10")}
              data-testid="reconciliation-day"
              data-over={row.over_tolerance ? "true" : "false"}
            >
              <span className="font-medium">{row.service}</span>
              <span className="tabular-nums">{row.day}</span>
              <span>Priced {money(row.priced, result.currency)}</span>
              <span>
                Billed {money(row.billed, result.currency)}
                {row.original.some((line) => line.currency !== result.currency)
                  ? ` (${row.original.map((line) => formatMoney(line.amount, line.currency)).join(" + ")})`
                  : ""}
              </span>
              <span className={cn(row.over_tolerance && "font-medium text-amber-800 dark:text-amber-300")}>
                {row.difference === null ? "—" : `${money(row.difference, result.currency)}${row.difference_percent === null ? "" : ` (${row.difference_percent}%)`}`}
              </span>
              {row.explanations.length ? (
                <ul className="grid gap-0.5 text-xs text-muted-foreground sm:col-span-5">
                  {row.explanations.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
