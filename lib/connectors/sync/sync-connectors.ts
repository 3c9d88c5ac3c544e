/**
 * Pulls what providers billed into public.billed_costs — and what Make scenarios used into
 * public.connector_usage — for the sync-connectors edge function
 * (pg_cron every ten minutes; a connector is due on first connect, when its credentials change,
 * six hours after its last success, or when its retry comes up); usable from Node too (tests).
 *
 * Each due connector is claimed (private.claim_connector_syncs: skip locked, a lease, a claim
 * token), asked for its window (lib/core/connectors/sync-window.ts) and recorded with
 * private.record_connector_sync, which replaces the window's rows in one statement — idempotent,
 * and all or nothing. What may pass by itself (rate limits, outages, the network) is retried with
 * the notifications' backoff; a refused key marks the connector and waits a day or new
 * credentials; malformed answers write nothing and say so. Each successful sync rebuilds the
 * ledgers of the budgets that count the service's billed cost (and evaluates their rules), and
 * evaluates the organization's reconciliation alert rules over its window.
 */
import type { Sql, TransactionSql } from "postgres";
import { retryDelayMs } from "../../core/alerts/retry-schedule.ts";
import { syncWindow } from "../../core/connectors/sync-window.ts";
import { evaluateBudgets } from "../../alerting/evaluate-budgets.ts";
import { evaluateReconciliationAlerts } from "../../alerting/evaluate-reconciliation.ts";
import { rebuildLedgers } from "../../budgets/rebuild-ledgers.ts";
import { serviceRole } from "../../delivery/service-role.ts";
import { isCostProvider, type CostProvider } from "../credentials.ts";
import { createMakeApi, MakeApiError, makeBaseUrl, makeSettingsSchema } from "../make/make-api.ts";
import { fetchMakeUsage } from "../make/make-usage.ts";
import { ProviderError, type DailyCost, type DailyUsage, type DayWindow } from "../provider-costs.ts";
import { fetchCosts } from "./cost-fetchers.ts";

const BATCH = 5;
const MAX_ROUNDS = 4;
const NEXT_SYNC_MS = 6 * 3_600_000;
/** A refusal only a person can fix: try again tomorrow, or as soon as the credentials change. */
const REFUSED_RETRY_MS = 24 * 3_600_000;

export type SyncCounts = { claimed: number; synced: number; retried: number; failed: number; lost: number };

export type SyncOptions = {
  sql: Sql;
  /** Each provider's API at this origin instead (tests and the local stack's fakes). */
  baseUrls?: Partial<Record<CostProvider | "make", string>>;
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
};

type Claimed = {
  id: string; org_id: string; provider: string; settings: unknown; synced_through: Date | null; sync_attempts: number; sync_claim: string; credentials: string | null;
};

type Pulled = { costs: DailyCost[]; usage: DailyUsage[] };
type Result = Partial<Pulled> & { error: string | null; refused: boolean; nextAt: Date; outcome: "synced" | "retried" | "failed" };


export async function syncConnectors(options: SyncOptions): Promise<SyncCounts> {
  const withService = serviceRole(options.sql);
  const now = options.now ?? (() => new Date());
  const counts: SyncCounts = { claimed: 0, synced: 0, retried: 0, failed: 0, lost: 0 };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const claimed = await withService((tx) => tx<Claimed[]>`
      select c.id, c.org_id, c.provider, c.settings, c.synced_through, c.sync_attempts, c.sync_claim, private.connector_credentials(c.id) as credentials
      from private.claim_connector_syncs(${BATCH}) c`);
    if (claimed.length === 0) break;
    counts.claimed += claimed.length;
    for (const connector of claimed) {
      const window = syncWindow(connector.synced_through?.toISOString().slice(0, 10) ?? null, now());
      const result = await pull(connector, window, options, now());
      const recorded = await withService(async (tx) => {
        const [{ ok }] = await tx<{ ok: boolean }[]>`
          select private.record_connector_sync(${connector.id}, ${connector.sync_claim}, ${window.from}, ${window.to},
            ${result.costs ? tx.json(result.costs) : null}, ${result.usage ? tx.json(result.usage) : null}, ${window.through},
            ${result.error}, ${result.refused}, ${result.nextAt}) as ok`;
        if (ok && result.costs && result.costs.length > 0) await afterBilledChange(tx, connector, window, now().getTime());
        return ok;
      });
      counts[recorded ? result.outcome : "lost"] += 1;
    }
  }
  return counts;
}

/**
 * New billed figures, in the same commit: budgets on billed cost for the service get their ledgers
 * rebuilt and their rules evaluated, and reconciliation alerts open or close.
 */
async function afterBilledChange(tx: TransactionSql, connector: Claimed, window: { from: string; through: string }, now: number) {
  const billedBudgets = await tx<{ id: string }[]>`
    select id from public.budgets where org_id = ${connector.org_id} and cost_basis = 'billed' and scope ->> 'service' = ${connector.provider}`;
  for (const budget of billedBudgets) await rebuildLedgers(tx, connector.org_id, budget.id, now);
  if (billedBudgets.length > 0) await evaluateBudgets(tx, connector.org_id, billedBudgets.map((budget) => budget.id), now);
  await evaluateReconciliationAlerts(tx, connector.org_id, { from: window.from, to: window.through }, now);
}

/** What the provider reports for the window: a cost connector's billed days, or Make's usage. */
async function fetchWindow(connector: Claimed & { credentials: string }, window: DayWindow, options: SyncOptions): Promise<Pulled> {
  if (connector.provider === "make") {
    const settings = makeSettingsSchema.parse(connector.settings);
    const api = createMakeApi({ token: connector.credentials, baseUrl: options.baseUrls?.make ?? makeBaseUrl(settings.zone), fetch: options.fetch });
    return { costs: [], usage: await fetchMakeUsage(api, settings.team_id, window) };
  }
  if (!isCostProvider(connector.provider)) throw new Error(`No sync for provider ${connector.provider}`);
  return { costs: await fetchCosts(connector.provider, connector.credentials, window, { baseUrl: options.baseUrls?.[connector.provider], fetch: options.fetch }), usage: [] };
}

async function pull(connector: Claimed, window: DayWindow, options: SyncOptions, at: Date): Promise<Result> {
  const credentials = connector.credentials;
  if (credentials === null) {
    return { error: "This connector has no usable credentials: add it again.", refused: true, nextAt: new Date(at.getTime() + REFUSED_RETRY_MS), outcome: "failed" };
  }
  try {
    const pulled = await fetchWindow({ ...connector, credentials }, window, options);
    return { ...pulled, error: null, refused: false, nextAt: new Date(at.getTime() + NEXT_SYNC_MS), outcome: "synced" };
  } catch (error) {
    // Make's client has its own error type (the alert actions use it too); both say the same things.
    const known = error instanceof ProviderError || error instanceof MakeApiError ? error : null;
    if (known?.retryable) {
      const wait = retryDelayMs(connector.sync_attempts, { retryAfterSeconds: known.retryAfterSeconds, random: options.random ?? Math.random });
      return { error: `${known.message} Trying again.`, refused: false, nextAt: new Date(at.getTime() + wait), outcome: "retried" };
    }
    const refused = known !== null && (known.kind === "unauthorized" || known.kind === "forbidden");
    if (known === null) console.error(`sync-connectors: connector ${connector.id} failed unexpectedly`, error);
    const message = error instanceof Error ? error.message : String(error);
    return { error: message, refused, nextAt: new Date(at.getTime() + REFUSED_RETRY_MS), outcome: "failed" };
  }
}
