"use client";

import { ArrowRight, CircleAlert, CircleCheck, FileText, RotateCcw, Upload, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { CsvError } from "@/lib/core/usage/csv";
import { importChunk } from "./actions";
import { CheckSummary } from "./check-summary";
import { PREVIEW_ROWS, checkFile, type FileCheck } from "./check-file";
import { FileDrop } from "./file-drop";
import { importFile, type ImportOutcome, type ImportProgress, type SendChunk } from "./import-file";
import { PreviewTable } from "./preview-table";
import { ProblemList } from "./problem-list";
import { CancelledError } from "./read-csv-file";
import { Stat, count, formatBytes } from "./stat";

type Stage =
  | { name: "choose"; error: string | null }
  | { name: "checking"; file: File; bytesRead: number }
  | { name: "checked"; file: File; check: FileCheck }
  | { name: "importing"; file: File; check: FileCheck; progress: ImportProgress }
  | { name: "finished"; file: File; check: FileCheck; outcome: ImportOutcome };

const NOTHING_YET: ImportProgress = { rowsDone: 0, bytesRead: 0, accepted: 0, duplicates: 0, rejected: 0 };

/**
 * Choose a file → check it (summary, preview, problems) → import it in chunks → what happened.
 * `help` (which columns work) is shown while choosing, and gives way to the file's own details.
 */
export function CsvImport({ orgSlug, timeZone, help }: { orgSlug: string; timeZone: string; help: ReactNode }) {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ name: "choose", error: null });
  const running = useRef<AbortController | null>(null);

  useEffect(() => () => running.current?.abort(), []);
  useEffect(() => {
    if (stage.name !== "importing") return;
    // Leaving mid-import stops it; the browser asks first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [stage.name]);

  function begin(): AbortSignal {
    running.current?.abort();
    running.current = new AbortController();
    return running.current.signal;
  }

  async function choose(file: File) {
    const signal = begin();
    setStage({ name: "checking", file, bytesRead: 0 });
    try {
      const check = await checkFile(file, signal, (bytesRead) =>
        setStage((current) => (current.name === "checking" && current.file === file ? { ...current, bytesRead } : current)),
      );
      setStage({ name: "checked", file, check });
    } catch (error) {
      if (error instanceof CancelledError) return;
      setStage({ name: "choose", error: describeReadError(error, file) });
    }
  }

  const send: SendChunk = async (chunk) => {
    const result = await importChunk(null, { orgSlug, ...chunk }).catch(() => {
      throw new Error("Spendguard could not be reached. Check your connection.");
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  };

  async function start(file: File, check: FileCheck) {
    const signal = begin();
    setStage({ name: "importing", file, check, progress: NOTHING_YET });
    const outcome = await importFile(file, check, send, signal, (progress) =>
      setStage((current) => (current.name === "importing" && current.file === file ? { ...current, progress } : current)),
    );
    setStage((current) => (current.name === "importing" && current.file === file ? { name: "finished", file, check, outcome } : current));
    // Chunks do not refresh the app (see actions.ts): show the new spend everywhere now.
    router.refresh();
  }

  function reset() {
    running.current?.abort();
    setStage({ name: "choose", error: null });
  }

  if (stage.name === "choose") {
    return (
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Choose a file</CardTitle>
            <CardDescription>
              Nothing is stored until you have seen what the file holds. Not sure about the columns?{" "}
              <a className="underline underline-offset-2" href="/samples/spendguard-usage-sample.csv" download>
                Download a sample CSV
              </a>
              .
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {stage.error ? (
              <Alert variant="destructive" data-testid="file-error">
                <CircleAlert />
                <AlertDescription>{stage.error}</AlertDescription>
              </Alert>
            ) : null}
            <FileDrop onFile={choose} />
          </CardContent>
        </Card>
        {help}
      </div>
    );
  }

  const { file } = stage;
  const fileLine = (
    <span className="flex min-w-0 items-center gap-2">
      <FileText className="size-4 shrink-0" aria-hidden />
      <span className="truncate" title={file.name}>
        {file.name}
      </span>
      <span className="shrink-0 text-muted-foreground">{formatBytes(file.size)}</span>
    </span>
  );

  if (stage.name === "checking") {
    return (
      <Card aria-busy="true">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Spinner /> Checking the file…
          </CardTitle>
          <CardDescription>{fileLine}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <Progress percent={percentOf(stage.bytesRead, file.size)} label="Checking the file" />
          <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
            <span className="tabular-nums">
              {formatBytes(stage.bytesRead)} of {formatBytes(file.size)} read
            </span>
            <Button type="button" variant="outline" size="sm" onClick={reset}>
              <X /> Cancel
            </Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  const { check } = stage;

  if (stage.name === "checked") {
    return (
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>What will be imported</CardTitle>
            <CardDescription>{fileLine}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6">
            <CheckSummary check={check} timeZone={timeZone} />
            <p className="text-sm text-muted-foreground">
              Rows imported before — from this file or with the same ids — are counted as duplicates, never twice.
            </p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Button type="button" disabled={check.ready === 0} onClick={() => start(file, check)}>
                <Upload /> Import {count(check.ready)} {check.ready === 1 ? "row" : "rows"}
              </Button>
              <Button type="button" variant="outline" onClick={reset}>
                Choose another file
              </Button>
            </div>
          </CardContent>
        </Card>
        <Card className="gap-4 pb-0">
          <CardHeader>
            <CardTitle>Preview</CardTitle>
            <CardDescription>
              The first {Math.min(PREVIEW_ROWS, check.rows)} of {count(check.rows)} rows, as they will be stored. Times in {timeZone}.
            </CardDescription>
          </CardHeader>
          {check.preview.length ? (
            <PreviewTable rows={check.preview} timeZone={timeZone} />
          ) : (
            <p className="border-t px-6 py-6 text-sm text-muted-foreground">The file has a header but no rows.</p>
          )}
        </Card>
        {check.problemCount ? (
          <Card className="gap-4 pb-0">
            <CardHeader>
              <CardTitle>
                {count(check.problemCount)} {check.problemCount === 1 ? "row" : "rows"} with problems
              </CardTitle>
              <CardDescription>These rows are left out; the others can be imported.</CardDescription>
            </CardHeader>
            <ProblemList problems={check.problems} total={check.problemCount} fileName={file.name} />
          </Card>
        ) : null}
      </div>
    );
  }

  if (stage.name === "importing") {
    const { progress } = stage;
    return (
      <Card aria-busy="true" data-testid="import-progress">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Spinner /> Importing…
          </CardTitle>
          <CardDescription>{fileLine}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-2">
            <Progress percent={percentOf(progress.rowsDone, check.rows)} label="Rows imported" />
            <p className="flex flex-wrap justify-between gap-x-4 gap-y-1 text-sm text-muted-foreground tabular-nums">
              <span>
                {count(progress.rowsDone)} of {count(check.rows)} rows
              </span>
              <span>
                {formatBytes(progress.bytesRead)} of {formatBytes(file.size)} read
              </span>
            </p>
          </div>
          <p className="text-sm tabular-nums">
            {count(progress.accepted)} new · {count(progress.duplicates)} already there · {count(progress.rejected)} refused
          </p>
          <div>
            <Button type="button" variant="outline" onClick={() => running.current?.abort()}>
              <X /> Cancel
            </Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  const { outcome } = stage;
  const notImported = outcome.problemCount;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Card data-testid="import-outcome">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            {outcome.status === "done" ? <CircleCheck className="size-5 text-success" aria-hidden /> : <CircleAlert className="size-5 text-destructive" aria-hidden />}
            {outcome.status === "done" ? "Import finished" : outcome.status === "cancelled" ? "Import cancelled" : "Import stopped"}
          </CardTitle>
          <CardDescription>{fileLine}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {outcome.status !== "done" ? (
            <Alert variant={outcome.status === "failed" ? "destructive" : "default"}>
              <CircleAlert />
              <AlertDescription>
                {outcome.failure ? `${outcome.failure} ` : ""}
                {count(outcome.rowsDone)} of {count(check.rows)} rows were handled before it stopped. Importing the file again
                finishes the job: rows already stored are counted as duplicates.
              </AlertDescription>
            </Alert>
          ) : null}
          <dl className="grid gap-3 sm:grid-cols-3">
            <Stat label="Imported" value={count(outcome.accepted)} note="New events" testId="outcome-accepted" />
            <Stat label="Duplicates" value={count(outcome.duplicates)} note="Already imported: not counted again" testId="outcome-duplicates" />
            <Stat
              label="Not imported"
              value={count(notImported)}
              note={notImported ? "Listed below" : "Every row made it"}
              tone={notImported ? "bad" : undefined}
              testId="outcome-rejected"
            />
          </dl>
          <div className="flex flex-col gap-2 sm:flex-row">
            {outcome.status !== "done" ? (
              <Button type="button" onClick={() => start(file, check)}>
                <RotateCcw /> Import again
              </Button>
            ) : null}
            <Button type="button" variant={outcome.status === "done" ? "default" : "outline"} onClick={reset}>
              <Upload /> Import another file
            </Button>
            <Button asChild variant="outline">
              <Link href={`/${orgSlug}/explore`}>
                Explore spend <ArrowRight />
              </Link>
            </Button>
          </div>
        </CardContent>
      </Card>
      {notImported ? (
        <Card className="gap-4 pb-0">
          <CardHeader>
            <CardTitle>
              {count(notImported)} {notImported === 1 ? "row" : "rows"} not imported
            </CardTitle>
            <CardDescription>From the file&rsquo;s own problems and what the server refused.</CardDescription>
          </CardHeader>
          <ProblemList problems={outcome.problems} total={notImported} fileName={file.name} />
        </Card>
      ) : null}
    </div>
  );
}

function describeReadError(error: unknown, file: File): string {
  if (error instanceof CsvError) return error.message;
  console.error("[import] could not read", file.name, error);
  return `${file.name} could not be read. Choose it again, or check that it is a CSV file.`;
}

function percentOf(value: number, max: number): number {
  return max > 0 ? (value / max) * 100 : 0;
}
