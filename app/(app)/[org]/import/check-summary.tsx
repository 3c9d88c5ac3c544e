import { Badge } from "@/components/ui/badge";
import { FORMAT_LABELS } from "@/lib/core/usage/import-rows";
import { formatTimestamp } from "@/lib/utils";
import { formatMoney } from "@/lib/format-money";
import type { FileCheck } from "./check-file";
import { Stat, count } from "./stat";

const SERVICES_SHOWN = 6;

/** "What will be imported": the numbers of a checked file, before anything is stored. */
export function CheckSummary({ check, timeZone }: { check: FileCheck; timeZone: string }) {
  const when = (iso: string) => formatTimestamp(new Date(iso), timeZone);
  return (
    <div className="grid gap-4" data-testid="check-summary">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        Detected format <Badge data-testid="detected-format">{FORMAT_LABELS[check.format]}</Badge>
        <span className="text-muted-foreground">
          {count(check.header.filter(Boolean).length)} columns
          {check.ignored.length ? `, ${count(check.ignored.length)} not used` : ""}
        </span>
      </p>
      <dl className="grid gap-3 sm:grid-cols-3">
        <Stat label="Ready to import" value={count(check.ready)} note={`of ${count(check.rows)} rows`} testId="check-ready" />
        <Stat
          label="With problems"
          value={count(check.problemCount)}
          note={check.problemCount ? "Left out; listed below" : "None"}
          tone={check.problemCount ? "bad" : undefined}
          testId="check-problems"
        />
        <Stat
          label="Cost in the file"
          value={check.costs.length ? check.costs.map((cost) => formatMoney(cost.amount, cost.currency)).join(" + ") : "—"}
          note={
            check.withoutCost
              ? `${count(check.withoutCost)} ${check.withoutCost === 1 ? "row has" : "rows have"} no cost: priced on import from the price list`
              : "Every row brings its own cost"
          }
          testId="check-cost"
        />
      </dl>
      {check.first && check.last ? (
        <p className="text-sm">
          <span className="text-muted-foreground">From</span> {when(check.first)} <span className="text-muted-foreground">to</span> {when(check.last)}
        </p>
      ) : null}
      {check.services.length ? (
        <div className="flex flex-wrap items-center gap-1.5 text-sm">
          <span className="text-muted-foreground">Services:</span>
          {check.services.slice(0, SERVICES_SHOWN).map(({ service, rows }) => (
            <Badge key={service} variant="outline" className="font-mono">
              {service} <span className="text-muted-foreground">{count(rows)}</span>
            </Badge>
          ))}
          {check.services.length > SERVICES_SHOWN ? <span className="text-muted-foreground">and {count(check.services.length - SERVICES_SHOWN)} more</span> : null}
        </div>
      ) : null}
      {check.ignored.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted-foreground">Columns not used ({count(check.ignored.length)})</summary>
          <p className="mt-2 font-mono text-xs [overflow-wrap:anywhere]">{check.ignored.join(", ")}</p>
        </details>
      ) : null}
    </div>
  );
}
