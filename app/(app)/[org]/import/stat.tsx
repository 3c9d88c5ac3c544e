import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** One number in a summary grid, with a line of context under it. */
export function Stat({ label, value, note, tone, testId }: { label: string; value: ReactNode; note?: ReactNode; tone?: "bad"; testId: string }) {
  return (
    <div className={cn("grid content-start gap-1 rounded-lg border p-4", tone === "bad" && "border-destructive/30 bg-destructive/5")} data-testid={testId}>
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className={cn("text-2xl font-semibold tabular-nums [overflow-wrap:anywhere]", tone === "bad" && "text-destructive")}>{value}</dd>
      {note ? <dd className="text-xs text-muted-foreground">{note}</dd> : null}
    </div>
  );
}

export const count = (value: number) => value.toLocaleString("en-US");

/** A byte count as people read it (1.2 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
