/**
 * Reconciliation for a range of UTC days (every member, under RLS): the facts
 * (lib/reconciliation/read-reconciliation-facts.ts) weighed by lib/core/reconciliation/reconcile.ts.
 */
import "server-only";
import { z } from "zod";
import { formatDecimal, parseDecimal, sum } from "@/lib/core/money";
import { DEFAULT_TOLERANCE_PERCENT, reconcile, type ReconciledDay } from "@/lib/core/reconciliation/reconcile";
import { readReconciliationFacts } from "@/lib/reconciliation/read-reconciliation-facts";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";

const day = z.iso.date({ error: "Use a day like 2026-11-01." });

export const ReconciliationInput = z
  .object({
    from: day.optional(),
    to: day.optional(),
    tolerance_percent: z.coerce.number({ error: "Give the tolerance as a number of percent." }).min(0).max(100).default(DEFAULT_TOLERANCE_PERCENT),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { message: "The range ends before it starts.", path: ["to"] });
export type ReconciliationInput = z.input<typeof ReconciliationInput>;

export type Reconciliation = {
  from: string;
  to: string;
  currency: string;
  tolerance_percent: number;
  /** Whether any cost connector exists: without one there is nothing to compare. */
  connected: boolean;
  days: ReconciledDay[];
  totals: { service: string; priced: string; billed: string | null; over_tolerance_days: number }[];
};

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

export async function getReconciliation(ctx: OrgContext, input: ReconciliationInput, now = new Date()): Promise<Reconciliation> {
  const wanted = parseInput(ReconciliationInput, input);
  const to = wanted.to ?? now.toISOString().slice(0, 10);
  const from = wanted.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  const start = span >= MAX_DAYS ? new Date(Date.parse(`${to}T00:00:00Z`) - (MAX_DAYS - 1) * DAY_MS).toISOString().slice(0, 10) : from;
  const currency = ctx.org.baseCurrency;

  const facts = await asActor(ctx.actor, (tx) => readReconciliationFacts(tx, ctx.org.id, currency, start, to));
  const days = reconcile({ ...facts, currency, tolerancePercent: wanted.tolerance_percent });
  return { from: start, to, currency, tolerance_percent: wanted.tolerance_percent, connected: facts.connected, days, totals: totalsOf(days) };
}

function totalsOf(days: ReconciledDay[]): Reconciliation["totals"] {
  const services = [...new Set(days.map((row) => row.service))].sort();
  return services.map((service) => {
    const rows = days.filter((row) => row.service === service);
    const billedKnown = rows.every((row) => row.billed !== null);
    return {
      service,
      priced: formatDecimal(sum(rows.map((row) => parseDecimal(row.priced)))),
      billed: billedKnown ? formatDecimal(sum(rows.map((row) => parseDecimal(row.billed ?? "0")))) : null,
      over_tolerance_days: rows.filter((row) => row.over_tolerance).length,
    };
  });
}
