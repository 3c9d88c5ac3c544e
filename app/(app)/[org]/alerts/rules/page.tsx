import { ArrowLeft, CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { describeRule, KIND_LABELS } from "@/components/alerts/describe-alert";
import { ruleQuiet } from "@/components/alerts/rule-state-badges";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listAlertRules } from "@/lib/services/alerts/list-alert-rules";
import type { AlertRule } from "@/lib/services/alerts/rule-schemas";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { listBudgets } from "@/lib/services/budgets/list-budgets";
import { ServiceError } from "@/lib/services/errors";
import { getExploreOptions } from "@/lib/services/usage/explore-options";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../../_components/page-header";
import { AddRule } from "../_components/add-rule";
import { automationOptions } from "../_components/automation-options";
import { recipientOptions } from "../_components/recipient-options";
import { RuleList } from "../_components/rule-list";

export const metadata: Metadata = { title: "Alert rules" };

/** "Actual 50%, 80% · Forecast 100%": a budget's rules in a line. */
function summarize(rules: AlertRule[], currency: string): string {
  return rules.map((rule) => (rule.kind === "anomaly" ? describeRule(rule, currency) : `${KIND_LABELS[rule.kind]} ${rule.threshold}%`)).join(" · ");
}

/** Every rule, the budgets, whom rules may tell and what they do, the services seen lately, with the server's clock for "muted". */
async function load(ctx: OrgContext) {
  const [rules, budgets, options, usage, automation] = await Promise.all([
    listAlertRules(byUser(ctx)),
    listBudgets(byUser(ctx)),
    recipientOptions(ctx),
    getExploreOptions(ctx, { range: "30d" }),
    automationOptions(ctx),
  ]);
  return { rules, budgets, options, automation, services: usage.values.service, now: Date.now() };
}

export default async function AlertRulesPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const canManage = isAtLeast(org.role, "admin");

  let loaded: Awaited<ReturnType<typeof load>> | null = null;
  let problem: string | null = null;
  try {
    loaded = await load(ctx);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  const health = loaded?.rules.filter((rule) => rule.kind === "health") ?? [];
  const reconciliation = loaded?.rules.filter((rule) => rule.kind === "reconciliation") ?? [];

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Link href={`/${org.slug}/alerts`} className="flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Alerts
      </Link>
      <PageHeader title="Alert rules" description="Budget rules live on each budget's page; service health and reconciliation rules live here." />

      {problem || !loaded ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : (
        <>
          <Card className="gap-4 pb-0" data-testid="health-rules">
            <CardHeader>
              <CardTitle>Service health</CardTitle>
              <CardDescription>
                A service&apos;s error rate or p95 latency over a recent window, from the usage you send (status and latency_ms). Windows with too few requests say nothing.
              </CardDescription>
            </CardHeader>
            <RuleList
              orgSlug={org.slug}
              rules={health}
              now={loaded.now}
              timeZone={org.timezone}
              currency={org.baseCurrency}
              canManage={canManage}
              kinds={["health"]}
              services={loaded.services}
              empty="No service health rules yet."
              automation={loaded.automation}
              {...loaded.options}
            />
            {canManage ? (
              <CardContent className="border-t py-4">
                <AddRule orgSlug={org.slug} kinds={["health"]} currency={org.baseCurrency} services={loaded.services} {...loaded.options} />
              </CardContent>
            ) : (
              <CardContent className="border-t py-4 text-sm text-muted-foreground">Only admins and owners can change alert rules.</CardContent>
            )}
          </Card>

          <Card className="gap-4 pb-0" data-testid="reconciliation-rules">
            <CardHeader>
              <CardTitle>Reconciliation</CardTitle>
              <CardDescription>
                After each cost sync, a day whose billed cost differs from what your events priced by more than the tolerance fires once, and resolves
                when a later sync brings it back in line. Needs a cost connector (Settings → Connectors).
              </CardDescription>
            </CardHeader>
            <RuleList
              orgSlug={org.slug}
              rules={reconciliation}
              now={loaded.now}
              timeZone={org.timezone}
              currency={org.baseCurrency}
              canManage={canManage}
              kinds={["reconciliation"]}
              services={loaded.services}
              empty="No reconciliation rules yet."
              automation={loaded.automation}
              {...loaded.options}
            />
            {canManage ? (
              <CardContent className="border-t py-4">
                <AddRule orgSlug={org.slug} kinds={["reconciliation"]} currency={org.baseCurrency} services={loaded.services} {...loaded.options} />
              </CardContent>
            ) : null}
          </Card>

          <Card className="gap-4 pb-0" data-testid="budget-rules">
            <CardHeader>
              <CardTitle>Budgets</CardTitle>
              <CardDescription>Each budget&apos;s rules at a glance. Open a budget to change them.</CardDescription>
            </CardHeader>
            {loaded.budgets.length === 0 ? (
              <p className="border-t px-6 py-6 text-sm text-muted-foreground">
                No budgets yet. <Link className="underline underline-offset-2" href={`/${org.slug}/budgets/new`}>Set one</Link> and it starts with alerts at 50, 80 and 100%.
              </p>
            ) : (
              <ul className="divide-y border-t">
                {loaded.budgets.map((budget) => {
                  const rules = loaded.rules.filter((rule) => rule.budget_id === budget.id);
                  const quiet = rules.map((rule) => ruleQuiet(rule, loaded.now));
                  const off = quiet.filter((state) => state.off).length;
                  const muted = quiet.filter((state) => !state.off && state.mutedUntil).length;
                  const quietText = [off ? `${off} off` : null, muted ? `${muted} muted` : null].filter(Boolean).join(", ");
                  return (
                    <li key={budget.id} className="grid gap-1 px-6 py-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:gap-4">
                      <Link href={`/${org.slug}/budgets/${budget.id}`} className="font-medium break-words underline-offset-2 hover:underline">
                        {budget.name}
                      </Link>
                      <span className="text-sm">{rules.length ? summarize(rules, org.baseCurrency) : "No rules"}</span>
                      <span className="text-sm text-muted-foreground">{quietText}</span>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
