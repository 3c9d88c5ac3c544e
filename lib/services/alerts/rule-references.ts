/**
 * What a rule names must be its organization's: its budget (checked here for a clear message;
 * private.alert_rules_check refuses it too, SG070) and its members (a member who has left is
 * skipped when a rule fires, but choosing one now is a mistake to point out). Channels are
 * checked by the same trigger (SG071), which sees every organization's channels.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { InvalidError } from "@/lib/services/errors";

export async function checkRuleBudget(tx: Tx, orgId: string, budgetId: string): Promise<void> {
  const [budget] = await tx`select 1 from public.budgets where id = ${budgetId} and org_id = ${orgId}`;
  if (!budget) throw new InvalidError("That budget does not exist.", { budget_id: ["That budget does not exist."] });
}

export async function checkRuleMembers(tx: Tx, orgId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const rows = await tx<{ user_id: string }[]>`
    select user_id from public.memberships where org_id = ${orgId} and user_id = any (${memberIds}::uuid[])`;
  if (rows.length < memberIds.length) {
    const message = "Choose members of this organization: someone you chose is not (or no longer) a member.";
    throw new InvalidError(message, { member_ids: [message] });
  }
}
