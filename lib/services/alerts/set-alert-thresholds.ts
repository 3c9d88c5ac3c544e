/**
 * Sets a budget's percentage thresholds in one go (API keys with "write"; admins): after the
 * call its actual rules fire at exactly `actual` percent spent and, when given, its forecast
 * rules at exactly `forecast` percent forecast. Rules already at a wanted threshold are kept as
 * they are (recipients, mute, cooldown); the others of that kind are deleted (with their alerts,
 * as deleting a rule does); missing ones are
 * added with a severity by threshold (under 80 % info, under 100 % warning, else critical) and
 * the recipients the budget's rules already have — its owners when it has none. One
 * transaction, then the budget's rules are evaluated at once, as when one rule is created.
 */
import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { uuidField } from "@/lib/services/organizations/schemas";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { evaluateBudgetAlerts } from "./evaluate-budget-alerts";
import { checkRuleBudget } from "./rule-references";
import { selectRules } from "./rule-row";
import type { AlertRule } from "./rule-schemas";

const thresholds = (what: string) =>
  z
    .array(z.number({ error: "Enter each threshold as a number." }).min(1, "Use thresholds of at least 1%.").max(1000, "Use thresholds of at most 1000%."))
    .max(10, "Set at most 10 thresholds.")
    .transform((values) => [...new Set(values)].sort((a, b) => a - b))
    .meta({ description: `Percent of the period's amount ${what}; [] removes them all.` });

export const SetAlertThresholdsInput = z.strictObject({
  budget_id: uuidField.meta({ description: "The budget." }),
  actual: thresholds("spent"),
  forecast: thresholds("forecast at the period end").optional().meta({ description: "Omitted: the forecast rules stay as they are." }),
});
export type SetAlertThresholdsInput = z.input<typeof SetAlertThresholdsInput>;

type Kind = "actual" | "forecast";

export async function setAlertThresholds(caller: AlertCaller, input: SetAlertThresholdsInput, now = Date.now()): Promise<AlertRule[]> {
  const wanted = parseInput(SetAlertThresholdsInput, input);
  return asAlertCaller(caller, "manage", async (tx, org) => {
    await checkRuleBudget(tx, org.id, wanted.budget_id);
    const recipients = await budgetRecipients(tx, org.id, wanted.budget_id);
    await setKind(tx, org.id, wanted.budget_id, "actual", wanted.actual, recipients);
    if (wanted.forecast) await setKind(tx, org.id, wanted.budget_id, "forecast", wanted.forecast, recipients);
    await evaluateBudgetAlerts(tx, org.id, [wanted.budget_id], now);
    return selectRules(tx, org.id, { budgetId: wanted.budget_id });
  });
}

async function setKind(tx: Tx, orgId: string, budgetId: string, kind: Kind, thresholds: number[], recipients: Recipients): Promise<void> {
  await tx`
    delete from public.alert_rules
    where org_id = ${orgId} and budget_id = ${budgetId} and kind = ${kind} and not (threshold = any (${thresholds}::numeric[]))`;
  await tx`
    insert into public.alert_rules (org_id, budget_id, kind, threshold, severity, member_ids, channel_ids)
    select ${orgId}, ${budgetId}, ${kind}, t,
      case when t < 80 then 'info' when t < 100 then 'warning' else 'critical' end,
      ${recipients.memberIds}::uuid[], ${recipients.channelIds}::uuid[]
    from unnest(${thresholds}::numeric[]) as t
    where not exists (
      select 1 from public.alert_rules r where r.org_id = ${orgId} and r.budget_id = ${budgetId} and r.kind = ${kind} and r.threshold = t)`;
}

type Recipients = { memberIds: string[]; channelIds: string[] };

/** Everyone the budget's rules tell today; its organization's owners when it has no rules. */
async function budgetRecipients(tx: Tx, orgId: string, budgetId: string): Promise<Recipients> {
  const [row] = await tx<{ member_ids: string[]; channel_ids: string[] }[]>`
    select coalesce(array_agg(distinct m) filter (where m is not null), '{}') as member_ids,
      coalesce(array_agg(distinct c) filter (where c is not null), '{}') as channel_ids
    from public.alert_rules r
    left join lateral unnest(r.member_ids) m on true
    left join lateral unnest(r.channel_ids) c on true
    where r.org_id = ${orgId} and r.budget_id = ${budgetId}`;
  if (row.member_ids.length > 0 || row.channel_ids.length > 0) return { memberIds: row.member_ids, channelIds: row.channel_ids };
  const owners = await tx<{ user_id: string }[]>`
    select user_id from public.memberships where org_id = ${orgId} and role = 'owner' order by created_at`;
  return { memberIds: owners.map((owner) => owner.user_id), channelIds: [] };
}
