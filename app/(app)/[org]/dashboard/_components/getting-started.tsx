import { CircleDashed, KeyRound, Send, Target, type LucideIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CopySnippet } from "@/components/dashboard/copy-snippet";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

type GettingStartedProps = {
  slug: string;
  isAdmin: boolean;
  /** Where this app is served (the API's base URL). */
  baseUrl: string;
  /** When the page was rendered (ISO): the sample event's timestamp. */
  now: string;
};

/** An organization without usage: what to do next, with the first request ready to paste. */
export function GettingStarted({ slug, isAdmin, baseUrl, now }: GettingStartedProps) {
  // A real event, timestamped when the page was drawn (the past is fine: it is kept for the retention).
  const curl = [
    `curl -s ${baseUrl}/api/v1/events \\`,
    `  -H "Authorization: Bearer $SPENDGUARD_KEY" -H "Content-Type: application/json" \\`,
    `  -d '{"events":[{"id":"first-event-${now.slice(0, 19).replace(/\D/g, "")}","timestamp":"${now.slice(0, 19)}Z",`,
    `       "service":"openai","model":"gpt-4o-mini","team":"search",`,
    `       "quantities":{"input_tokens":1200,"output_tokens":300}}]}'`,
  ].join("\n");
  const link = "font-medium text-foreground underline underline-offset-4";
  const steps: { icon: LucideIcon; title: ReactNode; body: ReactNode }[] = [
    {
      icon: KeyRound,
      title: isAdmin ? (
        <Link href={`/${slug}/settings/api-keys`} className="underline underline-offset-4">
          Create an API key
        </Link>
      ) : (
        "Get an API key"
      ),
      body: isAdmin
        ? "Give it the ingest scope. Your services use it to send usage; the secret is shown once."
        : "Ask an admin or owner for a key with the ingest scope.",
    },
    {
      icon: Send,
      title: "Send your first event",
      body: (
        <div className="grid gap-3">
          <p>
            POST usage to <code className="font-mono">/api/v1/events</code> after each call to a paid API. Put the key in{" "}
            <code className="font-mono">SPENDGUARD_KEY</code> and run this — the dashboard fills in as soon as it arrives, no reload needed.
          </p>
          <CopySnippet label="Send one event with curl" code={curl} />
        </div>
      ),
    },
    {
      icon: Target,
      title: isAdmin ? (
        <Link href={`/${slug}/budgets/new`} className="underline underline-offset-4">
          Set a budget
        </Link>
      ) : (
        "Set a budget"
      ),
      body: (
        <>
          Cap what a team, project or model may spend, and get warned before it runs out.{" "}
          <Link href={`/${slug}/explore`} className={link}>
            Explore
          </Link>{" "}
          shows every event once usage arrives.
        </>
      ),
    },
  ];
  return (
    <Card data-testid="getting-started">
      <CardHeader>
        <CardTitle>Getting started</CardTitle>
        <CardDescription>No spend yet: nothing has been sent to this organization.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3">
          {steps.map((step, index) => (
            <li key={index} className="flex gap-3 rounded-lg border p-4">
              <CircleDashed className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
              <div className="grid min-w-0 flex-1 gap-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <step.icon className="size-4 text-muted-foreground" aria-hidden />
                  {step.title}
                </p>
                <div className="text-sm text-muted-foreground">{step.body}</div>
              </div>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
