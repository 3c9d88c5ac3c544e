import { CircleAlert, CircleDashed, KeyRound, Send, Target, Users, type LucideIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ServiceError } from "@/lib/services/errors";
import { getSpendOverview, type SpendOverview } from "@/lib/services/usage/get-spend-overview";
import { DEMO_CHUNKS } from "@/lib/services/usage/load-demo-data";
import { requireOrg } from "@/lib/tenancy/current-org";
import { ROLE_LABELS, isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../_components/page-header";
import { DemoData } from "./demo-data";
import { SpendSummary } from "./spend-summary";

export const metadata: Metadata = { title: "Dashboard" };

/** `page`: where the step is done, under the organization. */
const STEPS: { icon: LucideIcon; title: string; text: string; page?: string }[] = [
  { icon: KeyRound, title: "Create an API key", text: "Keys let your services send usage to Spendguard.", page: "settings/api-keys" },
  { icon: Send, title: "Send your first event", text: "POST usage to /api/v1/events from any service that calls a paid API." },
  { icon: Target, title: "Set a budget", text: "Cap what a team, project or model may spend, and get warned before it runs out.", page: "budgets/new" },
];

export default async function DashboardPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  let overview: SpendOverview | null = null;
  let problem: string | null = null;
  try {
    overview = await getSpendOverview(ctx);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader
        title={org.name}
        description={
          <>
            Spend is reported in {org.baseCurrency}, days follow {org.timezone.replaceAll("_", " ")}. You are{" "}
            {org.role === "admin" || org.role === "owner" ? "an" : "a"} {ROLE_LABELS[org.role].toLowerCase()}.
          </>
        }
      />
      {overview ? (
        <DemoData
          orgSlug={org.slug}
          orgName={org.name}
          baseCurrency={org.baseCurrency}
          canLoad={isAtLeast(org.role, "admin")}
          hasUsage={overview.hasUsage}
          chunks={DEMO_CHUNKS}
        >
          {overview.hasUsage ? <SpendSummary orgSlug={org.slug} overview={overview} /> : <GettingStarted orgSlug={org.slug} />}
        </DemoData>
      ) : (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Users className="size-5 text-muted-foreground" aria-hidden /> Your team
          </CardTitle>
          <CardDescription>
            Budgets work best when the people who spend can see them.{" "}
            <Link href={`/${org.slug}/settings/members`} className="font-medium text-foreground underline underline-offset-4">
              {org.role === "admin" || org.role === "owner" ? "Invite your teammates" : "See who is here"}
            </Link>
            .
          </CardDescription>
        </CardHeader>
      </Card>
    </div>
  );
}

function GettingStarted({ orgSlug }: { orgSlug: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Getting started</CardTitle>
        <CardDescription>No spend yet: nothing has been sent to this organization.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3">
          {STEPS.map((step) => (
            <li key={step.title} className="flex gap-3 rounded-lg border p-4">
              <CircleDashed className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <step.icon className="size-4 text-muted-foreground" aria-hidden />
                  {step.page ? (
                    <Link href={`/${orgSlug}/${step.page}`} className="underline underline-offset-4">
                      {step.title}
                    </Link>
                  ) : (
                    step.title
                  )}
                </p>
                <p className="mt-1 text-sm text-muted-foreground">{step.text}</p>
              </div>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
