/** A validated rule as the columns people may write (the update grant's list): the fields its kind does not use are null. */
import "server-only";
import type { z } from "zod";
import type { RULE_KIND_SCHEMAS } from "./rule-schemas";

type ValidRule = { [K in keyof typeof RULE_KIND_SCHEMAS]: z.output<(typeof RULE_KIND_SCHEMAS)[K]> }[keyof typeof RULE_KIND_SCHEMAS];

export function ruleColumns(rule: ValidRule) {
  return {
    threshold: rule.threshold,
    window_minutes: rule.kind === "anomaly" || rule.kind === "health" ? rule.window_minutes : null,
    min_amount: rule.kind === "anomaly" || rule.kind === "reconciliation" ? rule.min_amount : null,
    service: rule.kind === "health" || rule.kind === "reconciliation" ? rule.service : null,
    metric: rule.kind === "health" ? rule.metric : null,
    min_requests: rule.kind === "health" ? rule.min_requests : null,
    severity: rule.severity,
    member_ids: rule.member_ids,
    channel_ids: rule.channel_ids,
    cooldown_minutes: rule.cooldown_minutes,
    enabled: rule.enabled,
    muted_until: rule.muted_until,
  };
}
