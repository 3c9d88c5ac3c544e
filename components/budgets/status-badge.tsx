import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import type { BudgetStatusWord } from "@/lib/core/budgets/status";
import { cn } from "@/lib/utils";
import { STATUS_LABELS } from "@/components/budgets/describe";

const TONES: Record<BudgetStatusWord, string> = {
  ok: "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400",
  warning: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  forecast_to_exceed: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  critical: "bg-orange-500/15 text-orange-800 dark:text-orange-300",
  exceeded: "bg-destructive/10 text-destructive",
};

export function StatusBadge({ status }: { status: BudgetStatusWord }) {
  return (
    <Badge className={cn("border-transparent", TONES[status])} data-testid="budget-status">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

const BAR_TONES: Record<BudgetStatusWord, string> = {
  ok: "bg-emerald-500",
  warning: "bg-amber-500",
  forecast_to_exceed: "bg-amber-500",
  critical: "bg-orange-500",
  exceeded: "bg-destructive",
};

/** Spent / effective amount; the bar is full (and red) once exceeded. */
export function SpendBar({ percent, status, label }: { percent: number; status: BudgetStatusWord; label: string }) {
  return <Progress percent={percent} label={label} valueText={`${percent}%`} barClassName={BAR_TONES[status]} />;
}
