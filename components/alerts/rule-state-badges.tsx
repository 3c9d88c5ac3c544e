import { BellOff, PowerOff } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { MUTED_INDEFINITELY } from "@/lib/services/alerts/rule-schemas";
import { formatTimestamp } from "@/lib/utils";

/** Whether a rule is quiet now: off (evaluates nothing) or muted (records, tells nobody). */
export function ruleQuiet(rule: { enabled: boolean; muted_until: string | null }, now: number): { off: boolean; mutedUntil: string | null } {
  const muted = rule.muted_until !== null && Date.parse(rule.muted_until) > now ? rule.muted_until : null;
  return { off: !rule.enabled, mutedUntil: muted };
}

/** The obvious quiet states: "Off" and "Muted until <time>" (or "Muted until unmuted"). */
export function RuleStateBadges({ rule, now, timeZone }: { rule: { enabled: boolean; muted_until: string | null }; now: number; timeZone: string }) {
  const { off, mutedUntil } = ruleQuiet(rule, now);
  return (
    <>
      {off ? (
        <Badge variant="secondary" className="bg-zinc-500/15 text-zinc-700 dark:text-zinc-300" data-testid="rule-off">
          <PowerOff className="size-3" aria-hidden /> Off
        </Badge>
      ) : null}
      {mutedUntil ? (
        <Badge variant="secondary" className="bg-violet-500/15 text-violet-800 dark:text-violet-300" data-testid="rule-muted">
          <BellOff className="size-3" aria-hidden />
          {Date.parse(mutedUntil) >= Date.parse(MUTED_INDEFINITELY) ? "Muted until unmuted" : `Muted until ${formatTimestamp(new Date(mutedUntil), timeZone)}`}
        </Badge>
      ) : null}
    </>
  );
}
