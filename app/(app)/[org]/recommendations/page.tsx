import { CircleAlert, Info, Lightbulb } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { RecommendationKind } from "@/lib/core/recommendations/types";
import { formatMoney } from "@/lib/format-money";
import { ServiceError } from "@/lib/services/errors";
import { listRecommendations, type RecommendationItem, type RecommendationList } from "@/lib/services/recommendations/list-recommendations";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { formatTimestamp } from "@/lib/utils";
import { PageHeader } from "../_components/page-header";
import { DecideButtons } from "./decide-buttons";

export const metadata: Metadata = { title: "Recommendations" };

const DESCRIPTION =
  "Ways to spend less, found in the last 30 days of usage. Each names what it rests on and what it would save a month, " +
  "estimated on the low side.";

const KIND_LABELS: Record<RecommendationKind, string> = {
  expensive_model_short_outputs: "Model choice",
  repeated_requests: "Repeated requests",
  cached_input_unused: "Prompt caching",
  sms_failed_sends: "Failed SMS",
  idle_budget: "Idle budget",
  unpriced_usage: "Unpriced usage",
};

/** Where to look further: the budget, the prices, or the usage itself in Explore. */
function detailLink(item: RecommendationItem, slug: string): { href: string; label: string } {
  if (item.subject.budget_id) return { href: `/${slug}/budgets/${item.subject.budget_id}`, label: "Open the budget" };
  if (item.kind === "unpriced_usage") return { href: `/${slug}/settings/prices`, label: "Settings → Prices" };
  const search = new URLSearchParams({ range: "30d", service: item.subject.service ?? "", model: item.subject.model ?? "" });
  if (item.kind === "sms_failed_sends") search.set("status", "error");
  return { href: `/${slug}/explore?${search}`, label: "See the usage" };
}

type ItemProps = { item: RecommendationItem; slug: string; currency: string; timeZone: string; children?: ReactNode };

function RecommendationRow({ item, slug, currency, timeZone, children }: ItemProps) {
  const link = detailLink(item, slug);
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="recommendation" data-key={item.key}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="grid min-w-0 gap-1">
          <Badge variant="outline" className="w-fit">{KIND_LABELS[item.kind]}</Badge>
          <p className="font-medium [overflow-wrap:anywhere]">{item.title}</p>
        </div>
        <p className="shrink-0 text-sm sm:text-right" data-testid="recommendation-saving">
          {item.monthly_saving === null ? (
            <span className="text-muted-foreground">No saving estimate</span>
          ) : (
            <>
              <span className="text-lg font-semibold tabular-nums">{formatMoney(item.monthly_saving, currency)}</span>
              <span className="text-muted-foreground"> a month</span>
            </>
          )}
        </p>
      </div>
      <ul className="grid list-disc gap-1 pl-5 text-sm text-muted-foreground [overflow-wrap:anywhere]">
        {item.evidence.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <Link href={link.href} className="w-fit text-sm font-medium text-primary underline-offset-4 hover:underline">
        {link.label}
      </Link>
      {item.decision ? (
        <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
          {item.decision.status === "done" ? "Marked done" : "Dismissed"} {formatTimestamp(new Date(item.decision.decided_at), timeZone)}
          {item.decision.decided_by ? ` by ${item.decision.decided_by}` : ""}
          {item.decision.note ? ` — “${item.decision.note}”` : ""}
        </p>
      ) : null}
      {children}
    </li>
  );
}

export default async function RecommendationsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const canDecide = isAtLeast(org.role, "member");

  let list: RecommendationList | null = null;
  let problem: string | null = null;
  try {
    list = await listRecommendations(ctx);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  const row = (item: RecommendationItem, decided: boolean) => (
    <RecommendationRow key={item.key} item={item} slug={org.slug} currency={org.baseCurrency} timeZone={org.timezone}>
      {canDecide ? <DecideButtons orgSlug={org.slug} recommendationKey={item.key} decided={decided} /> : null}
    </RecommendationRow>
  );

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Recommendations" description={DESCRIPTION} />
      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}
      {!canDecide ? (
        <Alert data-testid="recommendations-read-only">
          <Info />
          <AlertDescription>Members and above dismiss recommendations or mark them done. You can follow them here.</AlertDescription>
        </Alert>
      ) : null}

      {list ? (
        <>
          <Card className="gap-4 pb-0">
            <CardHeader>
              <CardTitle>{list.open.length} open</CardTitle>
              <CardDescription>
                Largest saving first, over usage since {formatTimestamp(list.since, org.timezone)}. Savings can overlap (a model you switch
                is no longer cached), so they are not added up.
              </CardDescription>
            </CardHeader>
            {list.open.length ? (
              <ul className="divide-y border-t" data-testid="open-recommendations">
                {list.open.map((item) => row(item, false))}
              </ul>
            ) : (
              <CardContent className="flex gap-3 border-t py-6 text-sm text-muted-foreground" data-testid="no-recommendations">
                <Lightbulb className="size-5 shrink-0" aria-hidden />
                <p>
                  Nothing to recommend right now. Spendguard looks for expensive models used for short answers, prompts that could be
                  cached, repeated requests (events with a <code className="font-mono">fingerprint</code> tag), failed SMS, budgets that
                  count nothing and unpriced usage.
                </p>
              </CardContent>
            )}
          </Card>

          <Card className="gap-4 pb-0">
            <CardHeader>
              <CardTitle>Dismissed and done</CardTitle>
              <CardDescription>Still found in the usage, but decided. Every decision is in the audit log.</CardDescription>
            </CardHeader>
            {list.decided.length ? (
              <ul className="divide-y border-t" data-testid="decided-recommendations">
                {list.decided.map((item) => row(item, true))}
              </ul>
            ) : (
              <CardContent className="border-t py-6 text-sm text-muted-foreground" data-testid="no-decided">
                No decisions yet.
              </CardContent>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
