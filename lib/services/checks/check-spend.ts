/**
 * POST /api/v1/check (DESIGN §4): price the estimate, find every budget it counts in (the same
 * scope and period rules as ingest, at this instant), and — in ONE transaction, with those
 * budgets' ledger rows locked (private.lock_check_ledgers) — decide (lib/core/checks/decide.ts)
 * and write the reservation, its hold and the approval request (private.record_check). Because
 * the rows stay locked until commit, concurrent checks see each other's holds and never together
 * admit more than a hard budget's remaining amount.
 *
 * An idempotency key is locked first (advisory, per organization and key): a retry waits for the
 * first call and answers its stored decision, with the reservation's and approval's current state.
 * Admins are emailed after commit when an approval request was created.
 */
import "server-only";
import { cheaperModels, suggestedPace } from "@/lib/core/checks/check-advice";
import { decideCheck, type BudgetLedger, type Enforcement } from "@/lib/core/checks/decide";
import { previousSpent } from "@/lib/core/checks/previous-spent";
import { effectiveAmount } from "@/lib/core/budgets/effective-amount";
import { ledgerKeyFinder, type LedgerBudget, type LedgerKey } from "@/lib/core/budgets/ledger-keys";
import { periodAt } from "@/lib/core/budgets/periods";
import { decimalFromNumberLiteral, formatDecimal, parseDecimal } from "@/lib/core/money";
import { priceEvent } from "@/lib/core/pricing/price-event";
import { compactQuantities, type Quantities } from "@/lib/core/usage/quantities";
import { QUANTITY_UNITS } from "@/lib/core/usage/ingest-event";
import type { Tx } from "@/lib/db";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { loadPricingContext } from "@/lib/services/pricing/pricing-context";
import { notifyApprovers } from "./notify-approvers";
import type { CheckInput, CheckResult } from "./schemas";

/** How long an approval request waits for an admin. */
export const APPROVAL_TTL_SECONDS = 24 * 3600;

type BudgetRow = {
  id: string;
  name: string;
  enforcement: Enforcement;
  warn_at_percent: string;
  amount: string;
  rollover: boolean;
  rollover_cap: string | null;
  created_at: Date;
};

type StoredCheck = {
  answer: Omit<CheckResult, "reservation" | "approval" | "replayed">;
  reservation: CheckResult["reservation"];
  approval: CheckResult["approval"];
};

function estimateQuantities(input: CheckInput): Quantities {
  const quantities: Quantities = {};
  for (const [field, unit] of Object.entries(QUANTITY_UNITS)) {
    const value = input.quantities?.[field as keyof typeof QUANTITY_UNITS];
    if (value !== undefined) quantities[unit] = value;
  }
  return compactQuantities(quantities);
}

/** The stored answer for an idempotency key, with the reservation's and approval's state now. */
async function storedCheck(tx: Tx, orgId: string, key: string): Promise<StoredCheck | null> {
  const [row] = await tx<{ answer: StoredCheck["answer"]; id: string; status: string; amount: string; expires_at: Date | null;
    approval_id: string | null; approval_status: string | null; approval_expires_at: Date | null }[]>`
    select r.answer, r.id, r.status, r.amount::text, r.expires_at, r.approval_id, a.status as approval_status, a.expires_at as approval_expires_at
    from public.reservations r left join public.approvals a on a.id = r.approval_id
    where r.org_id = ${orgId} and r.idempotency_key = ${key}`;
  if (!row) return null;
  return {
    answer: row.answer,
    reservation: row.status === "not_held" ? null : summary(row.id, row.status, row.amount, row.expires_at),
    approval: row.approval_id ? approvalSummary(row.approval_id, row.approval_status!, row.approval_expires_at!) : null,
  };
}

function summary(id: string, status: string, amount: string, expiresAt: Date | string | null): NonNullable<CheckResult["reservation"]> {
  return { id, status: status as NonNullable<CheckResult["reservation"]>["status"], amount, expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString() };
}

function approvalSummary(id: string, status: string, expiresAt: Date | string): NonNullable<CheckResult["approval"]> {
  return { id, status: status as NonNullable<CheckResult["approval"]>["status"], expires_at: new Date(expiresAt).toISOString() };
}

/** Each matching budget's ledger as locked now, with its effective amount (rollover from earlier periods). */
async function lockedLedgers(tx: Tx, orgId: string, budgets: LedgerBudget[], keys: LedgerKey[], now: number): Promise<BudgetLedger[]> {
  if (keys.length === 0) return [];
  const locked = await tx<{ budget_id: string; spent: string; reserved: string }[]>`
    select budget_id, spent::text, reserved::text
    from private.lock_check_ledgers(${orgId}, ${tx.json(keys as never)})`;
  const rows = await tx<BudgetRow[]>`
    select id, name, enforcement, warn_at_percent::text, amount::text, rollover, rollover_cap::text, created_at
    from public.budgets where org_id = ${orgId} and id in ${tx(keys.map((key) => key.budget_id))}`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const rolling = keys.filter((key) => byId.get(key.budget_id)?.rollover);
  const history = rolling.length === 0 ? [] : await tx<{ budget_id: string; subject: string; period_start: Date; spent: string }[]>`
    select l.budget_id, l.subject, l.period_start, l.spent::text from public.budget_ledgers l
    join jsonb_to_recordset(${tx.json(rolling as never)}) as k(budget_id uuid, period_start timestamptz, subject text)
      on l.budget_id = k.budget_id and l.subject = k.subject and l.period_start < k.period_start
    where l.org_id = ${orgId}`;

  return keys.map((key) => {
    const row = byId.get(key.budget_id)!;
    // One key per budget: an instant falls in one period and one subject.
    const ledger = locked.find((l) => l.budget_id === key.budget_id)!;
    let amount = formatDecimal(parseDecimal(row.amount));
    const budget = budgets.find((b) => b.id === key.budget_id)!;
    const current = periodAt(budget.period, budget.timeZone, now);
    if (row.rollover && current) {
      const spentByStart = new Map(history.filter((h) => h.budget_id === key.budget_id && h.subject === key.subject)
        .map((h) => [h.period_start.toISOString(), h.spent]));
      amount = effectiveAmount(row.amount, { enabled: true, cap: row.rollover_cap }, previousSpent(budget.period, budget.timeZone, row.created_at.getTime(), current, spentByStart));
    }
    return {
      budgetId: key.budget_id, name: row.name, enforcement: row.enforcement, warnAtPercent: row.warn_at_percent,
      periodStart: key.period_start, subject: key.subject, effectiveAmount: amount, spent: ledger.spent, reserved: ledger.reserved,
    };
  });
}

export async function checkSpend(principal: ApiKeyPrincipal, input: CheckInput, now = Date.now()): Promise<CheckResult> {
  const orgId = principal.org.id;
  const result = await asApiKey(principal, async (tx) => {
    if (input.idempotency_key !== undefined) {
      await tx`select pg_advisory_xact_lock(hashtextextended(${`check:${orgId}:${input.idempotency_key}`}, 0))`;
      const stored = await storedCheck(tx, orgId, input.idempotency_key);
      if (stored) return { result: { ...stored.answer, reservation: stored.reservation, approval: stored.approval, replayed: true }, notify: null };
    }
    const at = new Date(now);
    const pricing = await loadPricingContext(tx, orgId, at, at);
    const provided = input.estimated_cost === undefined ? undefined : {
      amount: formatDecimal(typeof input.estimated_cost === "number" ? decimalFromNumberLiteral(input.estimated_cost) : parseDecimal(input.estimated_cost)),
      currency: input.currency ?? pricing.baseCurrency,
    };
    const quantities = estimateQuantities(input);
    const price = priceEvent({ service: input.service ?? "", model: input.model ?? "", occurredAt: at, quantities, provided }, pricing);

    const dimensions = {
      service: input.service, model: input.model, team: input.team, project: input.project, environment: input.environment,
      end_user: input.end_user, feature: input.feature, tags: input.tags,
    };
    const keys = ledgerKeyFinder(pricing.checkedBudgets)({ ...dimensions, occurredAt: now });
    const ledgers = await lockedLedgers(tx, orgId, pricing.checkedBudgets, keys, now);
    const decided = decideCheck(price.cost, ledgers);
    // Advice only where there is a choice to make: a model priced from the catalog, a budget that warns.
    const { service, model } = input;
    const cheaper = decided.decision !== "allow" && input.estimated_cost === undefined && service !== undefined && model !== undefined && price.cost !== null
      ? cheaperModels({ service, model, quantities, occurredAt: at }, price.cost, ledgers, pricing)
      : [];
    const periodEnds = new Map(pricing.checkedBudgets.flatMap((budget) => {
      const end = periodAt(budget.period, budget.timeZone, now)?.end;
      return end === null || end === undefined ? [] : [[budget.id, end] as const];
    }));

    const answer: StoredCheck["answer"] = {
      decision: decided.decision, reason: decided.reason, estimated_cost: price.cost, currency: pricing.baseCurrency,
      unpriced_reason: price.unpriced_reason, budgets: decided.budgets, cheaper_models: cheaper,
      suggested_pace: suggestedPace(decided, periodEnds, now),
    };
    const priced = price.cost !== null;
    const status = input.reserve && priced && (decided.decision === "allow" || decided.decision === "warn") ? "held"
      : input.reserve && priced && decided.decision === "require_approval" ? "awaiting_approval"
        : input.reserve || input.idempotency_key !== undefined ? "not_held" : null;
    const needsApproval = decided.decision === "require_approval";
    if (status === null && !needsApproval) return { result: { ...answer, reservation: null, approval: null, replayed: false }, notify: null };

    const request = { ...dimensions, estimated_cost: input.estimated_cost ?? null, currency: input.currency ?? null, quantities: input.quantities ?? null };
    const holds = keys.map(({ budget_id, period_start, subject }) => ({ budget_id, period_start, subject }));
    const [written] = await tx<{ recorded: { reservation_id: string | null; expires_at: string | null; approval_id: string | null; approval_expires_at: string | null } }[]>`
      select private.record_check(${orgId}, ${tx.json({
        idempotency_key: input.idempotency_key ?? null,
        amount: price.cost ?? "0",
        status,
        ttl_seconds: input.reserve?.ttl_seconds ?? null,
        request,
        decision: decided.decision,
        answer,
        holds,
        api_key_id: principal.id,
        approval: needsApproval
          ? { budgets: decided.budgets.filter((b) => b.decision === "require_approval"), expires_in_seconds: APPROVAL_TTL_SECONDS }
          : null,
      } as never)}) as recorded`;
    const { recorded } = written;
    const reservation = recorded.reservation_id && status !== "not_held" ? summary(recorded.reservation_id, status!, price.cost!, recorded.expires_at) : null;
    const approval = recorded.approval_id ? approvalSummary(recorded.approval_id, "pending", recorded.approval_expires_at!) : null;
    return {
      result: { ...answer, reservation, approval, replayed: false },
      notify: approval ? { approvalId: approval.id, amount: price.cost, budgets: answer.budgets.filter((b) => b.decision === "require_approval").map((b) => b.name) } : null,
    };
  });
  if (result.notify) await notifyApprovers(principal.org, principal.name, result.notify);
  return result.result;
}
