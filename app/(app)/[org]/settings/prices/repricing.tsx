"use client";

import { CircleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Spinner } from "@/components/ui/spinner";
import type { RepriceJobList } from "@/lib/services/pricing/list-reprice-jobs";
import type { RepriceJobRow } from "@/lib/services/pricing/pricing-rows";
import type { RepriceProgress } from "@/lib/services/pricing/reprice-events";
import { formatTimestamp } from "@/lib/utils";
import { runRepriceBatch } from "./actions";

const count = new Intl.NumberFormat("en");
/** How often a member who cannot run jobs sees the progress an admin's page makes. */
const WATCH_INTERVAL_MS = 5_000;

type RepricingProps = { orgSlug: string; canRun: boolean; timeZone: string; jobs: RepriceJobList };

/**
 * Open repricing jobs with their progress, worked through one after another while an admin has
 * the page open (each call does a few seconds of batches; see advance-reprice-job.ts), and the
 * latest finished ones with what they changed.
 */
export function Repricing({ orgSlug, canRun, timeZone, jobs }: RepricingProps) {
  const router = useRouter();
  const [progress, setProgress] = useState<Record<string, RepriceProgress>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const currentId = jobs.open[0]?.id;

  useEffect(() => {
    if (!canRun || !currentId || problem) return;
    let stopped = false;
    (async () => {
      for (;;) {
        const result = await runRepriceBatch(null, { orgSlug, jobId: currentId });
        if (stopped) return;
        if (!result.ok) {
          // Gone (finished in another tab and cleaned up, say): the refreshed list says what is left.
          if (result.error.code === "not_found") router.refresh();
          else setProblem(result.error.message);
          return;
        }
        setProgress((all) => ({ ...all, [currentId]: result.data }));
        if (result.data.done) {
          router.refresh();
          return;
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [canRun, currentId, problem, attempt, orgSlug, router]);

  useEffect(() => {
    if (canRun || !currentId) return;
    const timer = setInterval(() => router.refresh(), WATCH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [canRun, currentId, router]);

  const open = jobs.open.map((job) => withProgress(job, progress[job.id]));
  return (
    <Card id="repricing" role="region" aria-labelledby="repricing-title" className="scroll-mt-6 gap-4 pb-0">
      <CardHeader>
        <CardTitle id="repricing-title">Repricing</CardTitle>
        <CardDescription>
          Changing a price or a rate re-prices the usage it affects, totals included.{" "}
          It runs on the server right after the change; progress shows here.
        </CardDescription>
      </CardHeader>
      {problem ? (
        <div className="px-6 pb-4">
          <Alert variant="destructive">
            <CircleAlert />
            <AlertDescription className="grid gap-2">
              <p>Repricing stopped: {problem}</p>
              <Button type="button" variant="outline" size="sm" className="justify-self-start" onClick={() => { setProblem(null); setAttempt((n) => n + 1); }}>
                Try again
              </Button>
            </AlertDescription>
          </Alert>
        </div>
      ) : null}
      {open.length === 0 && jobs.finished.length === 0 ? (
        <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-reprice-jobs">
          Nothing has been re-priced yet.
        </p>
      ) : (
        <ul className="divide-y border-t" aria-label="Repricing jobs" data-testid="reprice-jobs">
          {open.map((job, index) => (
            <OpenJob key={job.id} job={job} timeZone={timeZone} running={canRun && index === 0 && !problem} />
          ))}
          {jobs.openCount > open.length ? (
            <li className="px-6 py-3 text-sm text-muted-foreground">…and {count.format(jobs.openCount - open.length)} more queued.</li>
          ) : null}
          {jobs.finished.map((job) => (
            <FinishedJob key={job.id} job={job} timeZone={timeZone} />
          ))}
        </ul>
      )}
      {open.length > 0 ? <FloatingStatus first={open[0]} openCount={jobs.openCount} running={canRun && !problem} /> : null}
    </Card>
  );
}

function withProgress(job: RepriceJobRow, progress: RepriceProgress | undefined): RepriceJobRow {
  return progress ? { ...job, total: progress.total, scanned: progress.scanned, changed: progress.changed } : job;
}

function percent(job: RepriceJobRow): number {
  if (job.total === null) return 0;
  return job.total === 0 ? 100 : Math.min(100, Math.round((job.scanned / job.total) * 100));
}

function describe(job: RepriceJobRow, timeZone: string): string {
  const from = job.occurredFrom ? new Date(job.occurredFrom) : null;
  if (job.reason === "price_override") {
    const day = from ? new Intl.DateTimeFormat("en-CA", { timeZone }).format(from) : null;
    return `Price of ${job.service} / ${job.model} changed${day ? `: usage from ${day}` : ""}`;
  }
  if (job.reason === "fx_rate") {
    return `${job.originalCurrency} rate changed${from ? `: usage from ${from.toISOString().slice(0, 10)}` : ""}`;
  }
  return "Unpriced usage priced again";
}

function OpenJob({ job, timeZone, running }: { job: RepriceJobRow; timeZone: string; running: boolean }) {
  const label = describe(job, timeZone);
  const value = percent(job);
  return (
    <li className="grid gap-2 px-6 py-4 text-sm" data-testid="reprice-job-open">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">{label}</p>
        <p className="flex items-center gap-2 text-muted-foreground">
          {running ? <Spinner /> : null}
          {job.total === null
            ? running ? "Starting…" : "Queued"
            : `${count.format(job.scanned)} of ${count.format(job.total)} events · ${count.format(job.changed)} re-priced`}
        </p>
      </div>
      <Progress percent={job.total === null ? null : value} label={label} />
    </li>
  );
}

function FinishedJob({ job, timeZone }: { job: RepriceJobRow; timeZone: string }) {
  return (
    <li className="grid gap-1 px-6 py-3 text-sm sm:grid-cols-[minmax(0,1fr)_auto] sm:gap-4" data-testid="reprice-job-finished">
      <div className="min-w-0">
        <p className="[overflow-wrap:anywhere]">{describe(job, timeZone)}</p>
        <p className="text-xs text-muted-foreground">
          {job.finishedAt ? `Finished ${formatTimestamp(new Date(job.finishedAt), timeZone)}` : null}
          {job.createdByEmail ? ` · by ${job.createdByEmail}` : ""}
        </p>
      </div>
      <p className="text-muted-foreground tabular-nums sm:text-right">
        {count.format(job.changed)} of {count.format(job.scanned)} {job.scanned === 1 ? "event" : "events"} re-priced
      </p>
    </li>
  );
}

/** Stays in view wherever the page is scrolled, so a saved change shows its repricing at once. */
function FloatingStatus({ first, openCount, running }: { first: RepriceJobRow; openCount: number; running: boolean }) {
  const more = openCount - 1;
  return (
    <div
      role="status"
      className="fixed right-4 bottom-4 left-4 z-40 flex items-center gap-3 rounded-full border bg-card px-4 py-2 text-sm shadow-lg sm:left-auto"
      data-testid="reprice-floating-status"
    >
      {running ? <Spinner /> : null}
      <span>
        {running ? "Re-pricing usage" : "Re-pricing waits for an admin"}
        {first.total === null ? "" : ` · ${percent(first)}%`}
        {more > 0 ? ` · ${count.format(more)} more queued` : ""}
      </span>
      <a href="#repricing" className="ml-auto text-primary underline-offset-4 hover:underline">
        Details
      </a>
    </div>
  );
}
