"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { KIND_LABELS } from "@/components/alerts/describe-alert";
import { Button } from "@/components/ui/button";
import type { CodedFormState } from "@/lib/actions/action-result";
import type { AlertRule, AlertRuleKind } from "@/lib/services/alerts/rule-schemas";
import { createAlertRule, updateAlertRule } from "../actions";

export type RecipientOptions = {
  members: { userId: string; email: string }[];
  channels: { id: string; name: string; kind: string; ready: boolean }[];
};

type RuleFormProps = RecipientOptions & {
  orgSlug: string;
  /** The kinds offered when creating (budget rules, or health). */
  kinds: AlertRuleKind[];
  budgetId?: string;
  /** Editing this rule; creating when absent. */
  rule?: AlertRule;
  currency: string;
  /** Services seen in usage, offered for health rules. */
  services?: string[];
  onDone?: () => void;
};

const SEVERITIES = [
  { value: "info", label: "Info" },
  { value: "warning", label: "Warning" },
  { value: "critical", label: "Critical" },
];

const HINTS: Record<AlertRuleKind, string> = {
  actual: "Fires the moment spend in the period reaches this share of the budget.",
  forecast: "Fires when the forecast for the period end reaches this share (checked after each forecast run).",
  anomaly: "Fires when spend in the last hour or day is far above its usual level for that time of the week.",
  health: "Fires when a service's error rate or p95 latency stays above the threshold over the window.",
  reconciliation: "Fires after a cost sync when what a provider billed for a day differs from what events priced by more than the tolerance.",
};

/** Where a new rule of each kind starts: 80 % of the budget, a score of 4, a 5 % error rate. */
const DEFAULT_THRESHOLDS: Record<AlertRuleKind, string> = { actual: "80", forecast: "100", anomaly: "4", health: "5", reconciliation: "5" };

const text = (value: number | string | null | undefined, fallback: string) => (value === null || value === undefined ? fallback : String(value));

/** Create or edit one alert rule: builds the object the API takes and sends it to the server action. */
export function RuleForm({ orgSlug, kinds, budgetId, rule, currency, services = [], members, channels, onDone }: RuleFormProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<CodedFormState<AlertRule>>(null);
  const [kind, setKind] = useState<AlertRuleKind>(rule?.kind ?? kinds[0]);
  const [threshold, setThreshold] = useState(text(rule?.threshold, DEFAULT_THRESHOLDS[rule?.kind ?? kinds[0]]));
  const [windowMinutes, setWindowMinutes] = useState(text(rule?.window_minutes, (rule?.kind ?? kinds[0]) === "anomaly" ? "60" : "15"));
  const [minAmount, setMinAmount] = useState(text(rule?.min_amount, "10"));
  const [service, setService] = useState(rule?.service ?? "");
  const [metric, setMetric] = useState<string>(rule?.metric ?? "error_rate");
  const [minRequests, setMinRequests] = useState(text(rule?.min_requests, "20"));
  const [severity, setSeverity] = useState<string>(rule?.severity ?? "warning");
  const [cooldown, setCooldown] = useState(text(rule?.cooldown_minutes, "60"));
  const [memberIds, setMemberIds] = useState<string[]>(rule?.member_ids ?? []);
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channel_ids ?? []);

  const errors = state && !state.ok ? (state.error.fieldErrors ?? {}) : {};
  const idPrefix = rule ? `rule-${rule.id}` : `new-rule-${budgetId ?? kinds.join("-")}`;
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((item) => item !== id));

  function chooseKind(next: AlertRuleKind) {
    setKind(next);
    // Each kind's threshold means something else: start from its usual value.
    setThreshold(DEFAULT_THRESHOLDS[next]);
    setWindowMinutes(next === "anomaly" ? "60" : "15");
  }

  function fields(): Record<string, unknown> {
    const shared = { threshold: Number(threshold), severity, member_ids: memberIds, channel_ids: channelIds, cooldown_minutes: Number(cooldown) };
    if (kind === "anomaly") return { ...shared, window_minutes: Number(windowMinutes), min_amount: minAmount.trim() };
    if (kind === "health") return { ...shared, service: service.trim(), metric, window_minutes: Number(windowMinutes), min_requests: Number(minRequests) };
    if (kind === "reconciliation") return { ...shared, service: service.trim() || null, min_amount: minAmount.trim() };
    return shared;
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = rule
        ? await updateAlertRule(null, { orgSlug, ruleId: rule.id, changes: fields() })
        : await createAlertRule(null, { orgSlug, rule: { kind, ...(kind === "health" || kind === "reconciliation" ? {} : { budget_id: budgetId }), ...fields() } });
      setState(result);
      if (result.ok) {
        router.refresh();
        onDone?.();
      }
    });
  }

  const thresholdLabel =
    kind === "anomaly" ? "Score at least"
      : kind === "health" ? (metric === "error_rate" ? "Error rate above (%)" : "p95 latency above (ms)")
        : kind === "reconciliation" ? "Tolerance (%)" : "Threshold (%)";

  return (
    <form onSubmit={submit} noValidate className="grid gap-4" aria-busy={pending} data-testid="rule-form">
      <FormError state={state} />
      <div className="grid items-start gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {rule || kinds.length === 1 ? null : (
          <SelectField
            name={`${idPrefix}-kind`}
            label="When"
            options={kinds.map((value) => ({ value, label: KIND_LABELS[value] }))}
            value={kind}
            onChange={(e) => chooseKind(e.target.value as AlertRuleKind)}
            hint={HINTS[kind]}
            errors={errors.kind}
          />
        )}
        {kind === "health" ? (
          <>
            <FormField
              name={`${idPrefix}-service`}
              label="Service"
              value={service}
              onChange={(e) => setService(e.target.value)}
              list={`${idPrefix}-services`}
              placeholder="e.g. openai"
              autoComplete="off"
              errors={errors.service}
            />
            <datalist id={`${idPrefix}-services`}>
              {services.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            <SelectField
              name={`${idPrefix}-metric`}
              label="Metric"
              options={[
                { value: "error_rate", label: "Error rate" },
                { value: "p95_latency", label: "p95 latency" },
              ]}
              value={metric}
              onChange={(e) => {
                setMetric(e.target.value);
                // A percent is no latency: a new rule starts from each metric's usual line.
                if (!rule) setThreshold(e.target.value === "p95_latency" ? "2000" : DEFAULT_THRESHOLDS.health);
              }}
              errors={errors.metric}
            />
          </>
        ) : null}
        <FormField name={`${idPrefix}-threshold`} label={thresholdLabel} inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} errors={errors.threshold} />
        {kind === "anomaly" ? (
          <>
            <SelectField
              name={`${idPrefix}-window`}
              label="Look at"
              options={[
                { value: "60", label: "The last hour" },
                { value: "1440", label: "The last day" },
              ]}
              value={windowMinutes}
              onChange={(e) => setWindowMinutes(e.target.value)}
              errors={errors.window_minutes}
            />
            <FormField
              name={`${idPrefix}-min-amount`}
              label={`Only above usual by (${currency})`}
              inputMode="decimal"
              value={minAmount}
              onChange={(e) => setMinAmount(e.target.value)}
              hint="Small excesses never fire, however unusual."
              errors={errors.min_amount}
            />
          </>
        ) : null}
        {kind === "reconciliation" ? (
          <>
            <FormField
              name={`${idPrefix}-service`}
              label="Service (optional)"
              value={service}
              onChange={(e) => setService(e.target.value)}
              placeholder="Every connected provider"
              autoComplete="off"
              hint="e.g. openai, anthropic, twilio, aws."
              errors={errors.service}
            />
            <FormField
              name={`${idPrefix}-min-amount`}
              label={`Only when off by at least (${currency})`}
              inputMode="decimal"
              value={minAmount}
              onChange={(e) => setMinAmount(e.target.value)}
              hint="Small differences never fire, whatever their share."
              errors={errors.min_amount}
            />
          </>
        ) : null}
        {kind === "health" ? (
          <>
            <FormField name={`${idPrefix}-window`} label="Over the last (minutes)" inputMode="numeric" value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} hint="5 to 1440." errors={errors.window_minutes} />
            <FormField name={`${idPrefix}-min-requests`} label="With at least (requests)" inputMode="numeric" value={minRequests} onChange={(e) => setMinRequests(e.target.value)} errors={errors.min_requests} />
          </>
        ) : null}
        <SelectField name={`${idPrefix}-severity`} label="Severity" options={SEVERITIES} value={severity} onChange={(e) => setSeverity(e.target.value)} errors={errors.severity} />
        <FormField
          name={`${idPrefix}-cooldown`}
          label="Cooldown (minutes)"
          inputMode="numeric"
          value={cooldown}
          onChange={(e) => setCooldown(e.target.value)}
          hint="After it notifies, later alerts of this rule within this time are recorded without messages."
          errors={errors.cooldown_minutes}
        />
      </div>

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Tell</legend>
        {members.length === 0 && channels.length === 0 ? <p className="text-sm text-muted-foreground">Nobody to choose yet.</p> : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {members.map((member) => (
            <label key={member.userId} className="flex min-w-0 items-center gap-3 rounded-lg border p-2.5 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
              <input
                type="checkbox"
                checked={memberIds.includes(member.userId)}
                onChange={(e) => setMemberIds(toggle(memberIds, member.userId, e.target.checked))}
                className="size-4 shrink-0 accent-primary"
              />
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {member.email} <span className="text-muted-foreground">· email</span>
              </span>
            </label>
          ))}
          {channels.map((channel) => (
            <label key={channel.id} className="flex min-w-0 items-center gap-3 rounded-lg border p-2.5 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
              <input
                type="checkbox"
                checked={channelIds.includes(channel.id)}
                onChange={(e) => setChannelIds(toggle(channelIds, channel.id, e.target.checked))}
                className="size-4 shrink-0 accent-primary"
              />
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {channel.name} <span className="text-muted-foreground">· {channel.kind === "sms" ? "SMS" : channel.kind}{channel.ready ? "" : " (not verified: receives nothing yet)"}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.member_ids || errors.channel_ids ? (
          <p className="text-sm text-destructive">{[...(errors.member_ids ?? []), ...(errors.channel_ids ?? [])].join(" ")}</p>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          {rule ? "Save rule" : "Add rule"}
        </SubmitButton>
        {onDone ? (
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
