"use client";

import { useState } from "react";
import { describeCooldown, describeRule, KIND_LABELS } from "@/components/alerts/describe-alert";
import { ruleQuiet, RuleStateBadges } from "@/components/alerts/rule-state-badges";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import type { AlertRule, AlertRuleKind } from "@/lib/services/alerts/rule-schemas";
import { cn } from "@/lib/utils";
import { RuleForm, type RecipientOptions } from "./rule-form";
import type { AlertAction } from "@/lib/services/alerts/action-schemas";
import { RuleAutomation, type AutomationConnector, type AutomationKey } from "./rule-automation";
import { RuleRowActions } from "./rule-row-actions";

/** The organization's automated actions and the keys an admin may choose from (automation-options.ts). */
export type RuleAutomationOptions = { actions: AlertAction[]; keys: AutomationKey[]; connectors: AutomationConnector[]; webhooks: AutomationConnector[] };

type RuleListProps = RecipientOptions & {
  orgSlug: string;
  rules: AlertRule[];
  /** The server's clock when the page was made, so "muted" reads the same on server and client. */
  now: number;
  timeZone: string;
  currency: string;
  canManage: boolean;
  kinds: AlertRuleKind[];
  services?: string[];
  empty: string;
  automation: RuleAutomationOptions;
};

/** Who a rule tells, in words: "ana@acme.test, On-call phone" or "Nobody (alerts show here only)". */
function recipients(rule: AlertRule, options: RecipientOptions): string {
  const names = [
    ...rule.member_ids.map((id) => options.members.find((member) => member.userId === id)?.email ?? "a former member"),
    ...rule.channel_ids.map((id) => options.channels.find((channel) => channel.id === id)?.name ?? "a channel"),
  ];
  return names.length ? names.join(", ") : "nobody (alerts show in the app only)";
}

export function RuleList({ orgSlug, rules, now, timeZone, currency, canManage, kinds, services, empty, members, channels, automation }: RuleListProps) {
  const [editing, setEditing] = useState<string | null>(null);
  if (!rules.length) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-rules">
        {empty}
      </p>
    );
  }
  return (
    <ul className="divide-y border-t" data-testid="rule-list">
      {rules.map((rule) => {
        const { off, mutedUntil } = ruleQuiet(rule, now);
        return (
          <li key={rule.id} className="grid gap-3 px-6 py-4" data-testid="rule-row" data-quiet={off || mutedUntil ? "true" : undefined}>
            <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
              <div className={cn("grid min-w-0 gap-1", off || mutedUntil ? "opacity-60" : undefined)}>
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <span>{KIND_LABELS[rule.kind]}</span>
                  <SeverityBadge severity={rule.severity} />
                  <RuleStateBadges rule={rule} now={now} timeZone={timeZone} />
                </p>
                <p className="text-sm [overflow-wrap:anywhere]">{describeRule(rule, currency)}</p>
                <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
                  Tells {recipients(rule, { members, channels })} · {describeCooldown(rule.cooldown_minutes)}
                </p>
                <RuleAutomation
                  orgSlug={orgSlug}
                  rule={rule}
                  actions={automation.actions.filter((action) => action.rule_id === rule.id)}
                  keys={automation.keys}
                  connectors={automation.connectors}
                  webhooks={automation.webhooks}
                  canManage={canManage}
                />
              </div>
              {canManage ? (
                <RuleRowActions orgSlug={orgSlug} rule={rule} muted={mutedUntil !== null} onEdit={() => setEditing(editing === rule.id ? null : rule.id)} />
              ) : null}
            </div>
            {editing === rule.id ? (
              <div className="rounded-lg border bg-muted/30 p-4">
                <RuleForm
                  orgSlug={orgSlug}
                  kinds={kinds}
                  rule={rule}
                  currency={currency}
                  services={services}
                  members={members}
                  channels={channels}
                  onDone={() => setEditing(null)}
                />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
