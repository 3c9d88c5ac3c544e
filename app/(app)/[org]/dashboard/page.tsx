import { CircleDashed, KeyRound, Send, Target, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOrg } from "@/lib/tenancy/current-org";
import { ROLE_LABELS } from "@/lib/tenancy/roles";
import { PageHeader } from "../_components/page-header";

export const metadata: Metadata = { title: "Dashboard" };

const STEPS = [
  { icon: KeyRound, title: "Create an API key", text: "Keys let your services send usage to Spendguard." },
  { icon: Send, title: "Send your first event", text: "POST usage to /api/v1/events from any service that calls a paid API." },
  { icon: Target, title: "Set a budget", text: "Cap what a team, project or model may spend, and get warned before it runs out." },
];

export default async function DashboardPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await requireOrg((await params).org);
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
      <Card>
        <CardHeader>
          <CardTitle>Getting started</CardTitle>
          <CardDescription>
            No spend yet: nothing has been sent to this organization. These steps open up as the features arrive.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-3">
            {STEPS.map((step) => (
              <li key={step.title} className="flex gap-3 rounded-lg border p-4">
                <CircleDashed className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    <step.icon className="size-4 text-muted-foreground" aria-hidden />
                    {step.title}
                    <Badge variant="outline">Coming soon</Badge>
                  </p>
                  <p className="mt-1 text-sm text-muted-foreground">{step.text}</p>
                </div>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
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
