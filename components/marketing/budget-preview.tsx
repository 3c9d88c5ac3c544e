import { Bell, TrendingUp } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** A static picture of one budget as the dashboard shows it, for the landing page. */
export function BudgetPreview() {
  return (
    <figure aria-label="Example budget" className="rounded-xl border bg-card p-5 shadow-sm sm:p-6">
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="text-sm text-muted-foreground">Monthly budget · production</p>
          <p className="mt-1 text-lg font-semibold">LLM inference</p>
        </div>
        <Badge variant="secondary">Hard limit</Badge>
      </div>
      <div className="mt-6 flex items-baseline justify-between gap-2">
        <p className="text-3xl font-semibold tracking-tight tabular-nums">$2,864.10</p>
        <p className="text-sm text-muted-foreground tabular-nums">of $4,000.00</p>
      </div>
      <div className="mt-3 h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden>
        <div className="relative h-full w-[72%] rounded-full bg-primary">
          <span className="absolute inset-y-0 left-full w-[26%] rounded-r-full bg-primary/25" />
        </div>
      </div>
      <p className="mt-2 text-xs text-muted-foreground">72% spent · 9 days left in the period</p>
      <ul className="mt-6 grid gap-3 text-sm">
        <li className="flex items-start gap-3 rounded-lg bg-muted p-3">
          <TrendingUp className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
          <span>
            Forecast lands at <strong className="tabular-nums">$3,910</strong> (80% range $3,620–$4,180)
          </span>
        </li>
        <li className="flex items-start gap-3 rounded-lg bg-muted p-3">
          <Bell className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
          <span>At 80%: email the team, text the on-call owner</span>
        </li>
      </ul>
    </figure>
  );
}
