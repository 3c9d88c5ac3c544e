"use client";

import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatCsvRow } from "@/lib/core/usage/csv";
import type { RowProblem } from "@/lib/core/usage/import-rows";
import { MAX_KEPT_PROBLEMS } from "./check-file";

/** Shown on the page; the rest are in the download. */
const LISTED = 50;

/** The rows that will not be (or were not) imported: line, code and why, with a CSV of them all. */
export function ProblemList({ problems, total, fileName }: { problems: RowProblem[]; total: number; fileName: string }) {
  if (total === 0) return null;
  return (
    <div className="grid gap-3" data-testid="problem-list">
      <div className="flex flex-col gap-2 px-6 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">
          {problems.length < total
            ? `The first ${MAX_KEPT_PROBLEMS.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} are in the download.`
            : total > LISTED
              ? `The first ${LISTED} are listed; the download has all ${total.toLocaleString("en-US")}.`
              : "Fix them in the file and import it again: rows already imported are skipped."}
        </p>
        <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => downloadProblems(problems, fileName)}>
          <Download /> Download as CSV
        </Button>
      </div>
      <ul className="divide-y border-t">
        {problems.slice(0, LISTED).map((problem) => (
          <li key={`${problem.line}-${problem.code}`} className="grid gap-1 px-6 py-3 text-sm sm:grid-cols-[5rem_minmax(0,1fr)] sm:gap-4" data-testid="problem-row">
            <span className="font-medium tabular-nums" data-testid="problem-line">
              Line {problem.line}
            </span>
            <span className="grid gap-1">
              <span className="[overflow-wrap:anywhere]">{problem.message}</span>
              <Badge variant="outline" className="w-fit font-mono">
                {problem.code}
              </Badge>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function downloadProblems(problems: RowProblem[], fileName: string) {
  const lines = [formatCsvRow(["line", "code", "message"]), ...problems.map((p) => formatCsvRow([String(p.line), p.code, p.message]))];
  const url = URL.createObjectURL(new Blob([`${lines.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${fileName.replace(/(\.csv)?(\.gz)?$/i, "")}-problems.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
