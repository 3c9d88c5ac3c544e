"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert, Database, Info } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { dashboardKeys } from "@/lib/realtime/dashboard-cache";
import { loadDemoDataChunk } from "./actions";

type DemoDataProps = {
  orgSlug: string;
  orgName: string;
  baseCurrency: string;
  canLoad: boolean;
  hasUsage: boolean;
  chunks: number;
  /** What the dashboard shows otherwise: the dashboard, or the getting-started steps. */
  children: ReactNode;
};

type LoadProgress =
  | { state: "idle" }
  | { state: "loading"; done: number; events: number }
  | { state: "failed"; done: number; events: number; message: string };

/**
 * "Load demo data" for an organization without usage, and the progress while it loads: the
 * action is called one week at a time, and the dashboard underneath fills in live as each batch
 * commits; this component keeps its place, so the progress stays until the last week is in, then
 * the dashboard's data is fetched once more and the page refreshed. A retry starts again at the
 * week that failed; weeks already stored come back as duplicates.
 */
export function DemoData({ orgSlug, orgName, baseCurrency, canLoad, hasUsage, chunks, children }: DemoDataProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<LoadProgress>({ state: "idle" });

  async function load(from: number, eventsSoFar: number) {
    let events = eventsSoFar;
    for (let chunk = from; chunk < chunks; chunk++) {
      setProgress({ state: "loading", done: chunk, events });
      const result = await loadDemoDataChunk(null, { orgSlug, chunk });
      if (!result.ok) {
        setProgress({ state: "failed", done: chunk, events, message: result.error.message });
        return;
      }
      events += result.data.accepted + result.data.duplicates;
    }
    setProgress({ state: "idle" });
    await queryClient.invalidateQueries({ queryKey: dashboardKeys.all(orgSlug) });
    router.refresh();
  }

  if (progress.state !== "idle") {
    const percent = Math.round((progress.done / chunks) * 100);
    return (
      <Card data-testid="demo-progress">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            {progress.state === "loading" ? <Spinner className="size-5 text-muted-foreground" /> : null}
            {progress.state === "loading" ? "Loading demo data…" : "Loading stopped"}
          </CardTitle>
          <CardDescription aria-live="polite">
            {progress.state === "loading"
              ? `Week ${progress.done + 1} of ${chunks}. ${progress.events.toLocaleString("en-US")} events so far.`
              : `${progress.done} of ${chunks} weeks loaded, ${progress.events.toLocaleString("en-US")} events.`}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Progress percent={percent} label="Demo data loaded" />
          {progress.state === "failed" ? (
            <>
              <Alert variant="destructive">
                <CircleAlert />
                <AlertDescription>{progress.message}</AlertDescription>
              </Alert>
              <div>
                <Button type="button" onClick={() => load(progress.done, progress.events)}>
                  Try again
                </Button>
              </div>
            </>
          ) : null}
        </CardContent>
      </Card>
    );
  }

  if (hasUsage) return children;
  return (
    <>
      <Card data-testid="demo-data">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Database className="size-5 text-muted-foreground" aria-hidden /> Try it with demo data
          </CardTitle>
          <CardDescription>
            90 days of spend by a made-up product team — OpenAI, Anthropic, Gemini, Twilio SMS, Resend email and a scraper, with
            a runaway job and a model without a price — so you can look around before sending your own usage.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {canLoad ? (
            <>
              {baseCurrency !== "USD" ? (
                <Alert>
                  <Info />
                  <AlertDescription>
                    Demo prices are in US dollars. Until {orgName} has a USD exchange rate to {baseCurrency} (Settings → Prices),
                    they are stored as unpriced.
                  </AlertDescription>
                </Alert>
              ) : null}
              <p className="text-sm text-muted-foreground">
                Demo events are stored like real ones and marked as demo. Loading again never adds them twice.
              </p>
              <div>
                <Button type="button" onClick={() => load(0, 0)}>
                  Load demo data
                </Button>
              </div>
            </>
          ) : (
            <p className="text-sm text-muted-foreground" data-testid="demo-data-ask-admin">
              Ask an admin or owner of {orgName} to load demo data, or to send usage with an API key.
            </p>
          )}
        </CardContent>
      </Card>
      {children}
    </>
  );
}
