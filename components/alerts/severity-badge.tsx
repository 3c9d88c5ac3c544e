import { Badge } from "@/components/ui/badge";
import type { Severity } from "@/lib/core/alerts/alert-facts";
import { SEVERITY_LABELS } from "@/lib/core/alerts/alert-summary";
import { cn } from "@/lib/utils";

const TONES: Record<Severity, string> = {
  info: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
  warning: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  critical: "bg-destructive/10 text-destructive",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge className={cn("border-transparent", TONES[severity])} data-testid="severity-badge">
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}
