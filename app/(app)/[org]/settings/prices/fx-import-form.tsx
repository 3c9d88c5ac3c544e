"use client";

import { Upload } from "lucide-react";
import { useActionState, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Label } from "@/components/ui/label";
import { MAX_FX_IMPORT_ROWS } from "@/lib/services/pricing/schemas";
import { importFxRates } from "./actions";
import { SubmitButton } from "@/components/forms/submit-button";
import { submitWith } from "./controlled-submit";

const PROBLEMS_SHOWN = 50;

/** Pasted or uploaded CSV of rates; bad rows are listed by line, the good ones are stored. */
export function FxImportForm({ orgSlug, baseCurrency }: { orgSlug: string; baseCurrency: string }) {
  const [state, action, pending] = useActionState(importFxRates, null);
  const [csv, setCsv] = useState("");
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const errors = state && !state.ok ? state.error.fieldErrors?.csv : undefined;
  const result = state?.ok ? state.data : null;

  async function readFile(file: File | undefined) {
    setFileProblem(null);
    if (!file) return;
    try {
      setCsv(await file.text());
    } catch {
      setFileProblem("That file could not be read. Paste its contents instead.");
    }
  }

  return (
    <details className="group rounded-lg border" data-testid="rate-import">
      <summary className="cursor-pointer px-4 py-3 text-sm font-medium select-none">Import rates from CSV</summary>
      <form onSubmit={submitWith(action)} noValidate className="grid gap-3 border-t px-4 py-4">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <p className="text-sm text-muted-foreground">
          One rate per line: <code className="font-mono text-xs">date,currency,rate</code> (e.g.{" "}
          <code className="font-mono text-xs">2026-01-31,USD,0.92</code> for 1 USD = 0.92 {baseCurrency}), with or without a header naming those
          columns. Up to {MAX_FX_IMPORT_ROWS.toLocaleString("en")} rows. Sources quoting the other way round (the ECB publishes 1 EUR = x USD) must
          be inverted first. An existing day&apos;s rate is replaced.
        </p>
        <FormError state={state} />
        <div className="grid gap-2">
          <Label htmlFor="field-csv">Rates</Label>
          <textarea
            id="field-csv"
            name="csv"
            value={csv}
            onChange={(event) => setCsv(event.target.value)}
            rows={6}
            spellCheck={false}
            placeholder={"date,currency,rate\n2026-01-30,USD,0.9214\n2026-01-30,GBP,1.1932"}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? "field-csv-error" : undefined}
            className="w-full rounded-md border border-input bg-card px-3 py-2 font-mono text-xs shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40 aria-invalid:border-destructive"
          />
          {errors ? (
            <p id="field-csv-error" className="text-sm text-destructive">
              {errors.join(" ")}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-primary underline-offset-4 hover:underline">
            <Upload className="size-4" aria-hidden />
            Or choose a file
            <input type="file" accept=".csv,text/csv,text/plain" className="sr-only" onChange={(event) => readFile(event.target.files?.[0])} />
          </label>
          {fileProblem ? <p className="text-sm text-destructive">{fileProblem}</p> : null}
          <SubmitButton pending={pending} pendingLabel="Importing…" variant="outline" className="sm:ml-auto">
            Import rates
          </SubmitButton>
        </div>
        {result ? (
          <Alert variant={result.problems.length ? "default" : "success"} data-testid="import-result">
            <AlertDescription>
              <p>
                {result.added} added, {result.updated} updated, {result.unchanged} unchanged
                {result.problems.length ? `; ${result.problems.length} ${result.problems.length === 1 ? "line was" : "lines were"} skipped:` : "."}
              </p>
              {result.problems.length ? (
                <ul className="mt-2 grid gap-1 text-destructive" data-testid="import-problems">
                  {result.problems.slice(0, PROBLEMS_SHOWN).map((problem) => (
                    <li key={problem.line}>
                      Line {problem.line}: {problem.message}
                    </li>
                  ))}
                  {result.problems.length > PROBLEMS_SHOWN ? <li>…and {result.problems.length - PROBLEMS_SHOWN} more.</li> : null}
                </ul>
              ) : null}
            </AlertDescription>
          </Alert>
        ) : null}
      </form>
    </details>
  );
}
