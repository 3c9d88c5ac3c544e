/**
 * Connectors and the Make scenario action at the SQL level (migrations 20261123080000 and
 * 20261123090000): credentials written into a connector land encrypted in Vault and never come
 * back through the table; a stop_make_scenarios run is queued for the runner (or waits for
 * approval), claimed under a lease fenced by its attempt number, and turned back (undoing) by a
 * person or by its alert resolving; an action names only its organization's Make connectors.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, serviceRole, tableOwner } from "../helpers/acting.ts";
import { connect, rolledBack } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("connectors"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

const TOKEN = "make-token-0123456789abcdef";

type Run = {
  id: string; status: string; attempts: number; note: string | null; did: { stopped: { id: number; name: string }[] } | null;
  next_attempt_at: Date | null; ran_at: Date | null; undone_at: Date | null; undone_by: string | null; target: Record<string, string>;
};

async function addConnector(tx: TransactionSql, orgId: string, token = TOKEN): Promise<string> {
  const [{ id }] = await tx<{ id: string }[]>`
    insert into public.connectors (org_id, provider, name, settings, credentials)
    values (${orgId}, 'make', ${`Make ${Math.random()}`}, ${tx.json({ zone: "eu1", team_id: 215 })}, ${token}) returning id`;
  return id;
}

/** A budget of org A whose 80 % rule stops Make scenarios through a new connector, and that rule fired. */
async function fireMakeRule(tx: TransactionSql, options: { requiresApproval?: boolean } = {}) {
  const a = tenants.a.id;
  const connectorId = await addConnector(tx, a);
  const [budget] = await tx<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, scope)
    values (${a}, 'Newsletter', '10', 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC', '{"project": "newsletter"}') returning id`;
  const [rule] = await tx<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budget.id} and threshold = 80`;
  await tx`insert into public.alert_actions (org_id, rule_id, kind, connector_id, requires_approval)
    values (${a}, ${rule.id}, 'stop_make_scenarios', ${connectorId}, ${options.requiresApproval ?? false})`;
  await tx`select private.record_alerts(${a}, ${tx.json({ fire: [{
    rule_id: rule.id, subject: "", period_start: "2029-03-01T00:00:00Z", period_end: "2029-04-01T00:00:00Z", notify: "sent",
    facts: { kind: "actual", currency: "USD", threshold: 80, amount: "10", spent: "8", percent: 80 },
  }] } as never)})`;
  const [alert] = await tx<{ id: string }[]>`select id from public.alerts where rule_id = ${rule.id}`;
  return { connectorId, budgetId: budget.id, alertId: alert.id, run: await runOf(tx, alert.id) };
}

async function runOf(tx: TransactionSql, alertId: string): Promise<Run> {
  const [run] = await tx<Run[]>`
    select id, status, attempts, note, did, next_attempt_at, ran_at, undone_at, undone_by, target
    from public.alert_action_runs where alert_id = ${alertId}`;
  return run;
}

/** The runner's claim, as service_role (the edge function's role). */
async function claim(tx: TransactionSql): Promise<{ id: string; attempts: number; status: string }[]> {
  await actAs(tx, serviceRole);
  const rows = await tx<{ id: string; attempts: number; status: string }[]>`select id, attempts, status from private.claim_action_runs(100)`;
  await actAs(tx, tableOwner);
  return rows;
}

async function record(tx: TransactionSql, runId: string, attempt: number, status: string | null, did: object | null, retryAt: Date | null = null) {
  await actAs(tx, serviceRole);
  const [{ ok }] = await tx<{ ok: boolean }[]>`
    select private.record_action_run(${runId}, ${attempt}, ${status}, ${did === null ? null : tx.json(did as never)}, null, ${retryAt}) as ok`;
  await actAs(tx, tableOwner);
  return ok;
}

const resolve = (tx: TransactionSql, alertId: string) =>
  tx`select private.record_alerts(${tenants.a.id}, ${tx.json({ resolve: [{ alert_id: alertId, reason: "condition_cleared", facts: null }] })})`;

const STOPPED = { stopped: [{ id: 925, name: "Newsletter sender" }], started: [] };

describe("connector credentials", () => {
  it("go into Vault encrypted, are never readable through the table, and only service_role reads them back", async () => {
    await rolledBack(sql, async (tx) => {
      await actAs(tx, tenants.a.admin);
      const id = await addConnector(tx, tenants.a.id);
      const [row] = await tx<{ name: string }[]>`select name from public.connectors where id = ${id}`;
      expect(row.name).toMatch(/^Make /);
      // The write-only column, the Vault pointer and the reading function are not granted to members.
      for (const attempt of [
        tx`select credentials from public.connectors where id = ${id}`,
        tx`select secret_id from public.connectors where id = ${id}`,
        tx`select private.connector_credentials(${id})`,
      ]) {
        await tx`savepoint refused`;
        await expect(attempt).rejects.toMatchObject({ code: "42501" });
        await tx`rollback to savepoint refused`;
      }

      await actAs(tx, tableOwner);
      const [stored] = await tx<{ credentials: string | null; secret: string }[]>`
        select c.credentials, s.secret from public.connectors c join vault.secrets s on s.id = c.secret_id where c.id = ${id}`;
      expect(stored.credentials).toBeNull();
      expect(stored.secret).not.toContain(TOKEN);
      await actAs(tx, serviceRole);
      const [{ token }] = await tx<{ token: string }[]>`select private.connector_credentials(${id}) as token`;
      expect(token).toBe(TOKEN);
    });
  });

  it("are replaced in place (audited), required on insert, and leave Vault with their connector", async () => {
    await rolledBack(sql, async (tx) => {
      await actAs(tx, tenants.a.admin);
      const id = await addConnector(tx, tenants.a.id);
      await actAs(tx, tableOwner);
      // As if it had been set yesterday: this whole test is one transaction, with one now().
      const [before] = await tx<{ secret_id: string; credentials_set_at: Date }[]>`
        update public.connectors set credentials_set_at = now() - interval '1 day' where id = ${id} returning secret_id, credentials_set_at`;
      await actAs(tx, tenants.a.admin);
      await tx`update public.connectors set credentials = 'rotated-token-42' where id = ${id}`;
      await actAs(tx, tableOwner);
      const [after] = await tx<{ secret_id: string; credentials_set_at: Date; token: string }[]>`
        select secret_id, credentials_set_at, private.connector_credentials(id) as token from public.connectors where id = ${id}`;
      expect(after).toMatchObject({ secret_id: before.secret_id, token: "rotated-token-42" });
      expect(after.credentials_set_at.getTime()).toBeGreaterThan(before.credentials_set_at.getTime());
      const audit = await tx<{ action: string; actor_id: string; after: Record<string, unknown> }[]>`
        select action, actor_id, after from public.audit_log
        where entity_type = 'connector' and entity_id = ${id} and actor_type = 'user' order by id`;
      expect(audit.map((entry) => entry.action)).toEqual(["connector.created", "connector.updated"]);
      expect(audit[1].actor_id).toBe(tenants.a.admin.id);
      expect(JSON.stringify(audit)).not.toContain("rotated-token-42");

      await actAs(tx, tenants.a.admin);
      await tx`savepoint no_credentials`;
      await expect(tx`insert into public.connectors (org_id, provider, name) values (${tenants.a.id}, 'make', 'No token')`).rejects.toMatchObject({ code: "SG084" });
      await tx`rollback to savepoint no_credentials`;
      await tx`delete from public.connectors where id = ${id}`;
      await actAs(tx, tableOwner);
      expect(await tx`select 1 from vault.secrets where id = ${before.secret_id}`).toHaveLength(0);
    });
  });
});

describe("stop_make_scenarios runs", () => {
  it("are queued when the alert fires, claimed under a lease and fenced by their attempt", async () => {
    await rolledBack(sql, async (tx) => {
      const { run, connectorId, budgetId, alertId } = await fireMakeRule(tx);
      expect(run).toMatchObject({ status: "queued", attempts: 0, did: null, target: { connector_id: connectorId, budget_id: budgetId } });
      expect(run.next_attempt_at).not.toBeNull();

      const claimed = await claim(tx);
      expect(claimed).toEqual([{ id: run.id, attempts: 1, status: "queued" }]);
      expect(await claim(tx)).toEqual([]);
      // A stale runner (attempt 0) writes nothing; a retry releases the lease for later.
      expect(await record(tx, run.id, 0, "done", STOPPED)).toBe(false);
      const later = new Date(Date.now() + 60_000);
      expect(await record(tx, run.id, 1, null, STOPPED, later)).toBe(true);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "queued", did: STOPPED, next_attempt_at: later });
      expect(await claim(tx)).toEqual([]);
      // A runner may only finish a stop as done, skipped or failed.
      await tx`update public.alert_action_runs set next_attempt_at = now() where id = ${run.id}`;
      const [again] = await claim(tx);
      await tx`savepoint wrong_status`;
      await expect(record(tx, run.id, again.attempts, "undone", STOPPED)).rejects.toThrow("A queued run cannot become undone");
      await tx`rollback to savepoint wrong_status`;
      expect(await record(tx, run.id, again.attempts, "done", STOPPED)).toBe(true);
    });
  });

  it("go back through the runner when an admin undoes them, and members may not", async () => {
    await rolledBack(sql, async (tx) => {
      const { run, alertId } = await fireMakeRule(tx);
      const [claimed] = await claim(tx);
      await record(tx, run.id, claimed.attempts, "done", STOPPED);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "done", did: STOPPED });

      await actAs(tx, tenants.a.member);
      expect((await tx`update public.alert_action_runs set status = 'undone' where id = ${run.id}`).count).toBe(0);
      await actAs(tx, tenants.a.admin);
      await tx`update public.alert_action_runs set status = 'undone' where id = ${run.id}`;
      await actAs(tx, tableOwner);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "undoing", attempts: 0, undone_by: tenants.a.admin.id, undone_at: null });

      const [back] = await claim(tx);
      expect(back).toMatchObject({ id: run.id, status: "undoing", attempts: 1 });
      expect(await record(tx, run.id, 1, "undone", { ...STOPPED, started: [925] })).toBe(true);
      const undone = await runOf(tx, alertId);
      expect(undone.status).toBe("undone");
      expect(undone.undone_at).not.toBeNull();
      const statuses = await tx<{ after: { status: string } }[]>`
        select after from public.audit_log where entity_type = 'alert_action_run' and entity_id = ${run.id} order by id`;
      expect(statuses.map((entry) => entry.after.status)).toEqual(["queued", "done", "undoing", "undone"]);
    });
  });

  it("wait for approval when asked to; approving queues them, and approving after the alert resolved skips them", async () => {
    await rolledBack(sql, async (tx) => {
      const { run, alertId } = await fireMakeRule(tx, { requiresApproval: true });
      expect(run).toMatchObject({ status: "awaiting_approval", next_attempt_at: null });
      expect(await claim(tx)).toEqual([]);
      await actAs(tx, tenants.a.admin);
      await tx`update public.alert_action_runs set status = 'done' where id = ${run.id}`;
      await actAs(tx, tableOwner);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "queued" });
    });
    await rolledBack(sql, async (tx) => {
      const { run, alertId } = await fireMakeRule(tx, { requiresApproval: true });
      await resolve(tx, alertId);
      await actAs(tx, tenants.a.admin);
      await tx`update public.alert_action_runs set status = 'done' where id = ${run.id}`;
      await actAs(tx, tableOwner);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "skipped", note: "The alert had resolved before the run was approved." });
    });
  });

  it("start again when their alert resolves; one not carried out yet is skipped, one in flight turns back when it reports", async () => {
    await rolledBack(sql, async (tx) => {
      const { run, alertId } = await fireMakeRule(tx);
      const [claimed] = await claim(tx);
      await record(tx, run.id, claimed.attempts, "done", STOPPED);
      await resolve(tx, alertId);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "undoing", note: "The alert resolved: starting the scenarios again." });
    });
    await rolledBack(sql, async (tx) => {
      const { alertId } = await fireMakeRule(tx);
      await resolve(tx, alertId);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "skipped", note: "The alert resolved before the run was carried out." });
    });
    await rolledBack(sql, async (tx) => {
      const { run, alertId } = await fireMakeRule(tx);
      const [claimed] = await claim(tx);
      await resolve(tx, alertId);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "queued" });
      expect(await record(tx, run.id, claimed.attempts, "done", STOPPED)).toBe(true);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "undoing", did: STOPPED, attempts: 0 });
    });
  });

  it("that failed can be tried again, or undone only when they stopped something first", async () => {
    await rolledBack(sql, async (tx) => {
      const { run, alertId } = await fireMakeRule(tx);
      const [claimed] = await claim(tx);
      await record(tx, run.id, claimed.attempts, "failed", { stopped: [], started: [] });
      await actAs(tx, tenants.a.admin);
      await tx`savepoint undo_nothing`;
      await expect(tx`update public.alert_action_runs set status = 'undone' where id = ${run.id}`).rejects.toMatchObject({ code: "SG081" });
      await tx`rollback to savepoint undo_nothing`;
      await tx`update public.alert_action_runs set status = 'done' where id = ${run.id}`;
      await actAs(tx, tableOwner);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "queued", attempts: 0, note: null });

      const [retried] = await claim(tx);
      await record(tx, run.id, retried.attempts, "failed", STOPPED);
      await actAs(tx, tenants.a.admin);
      await tx`update public.alert_action_runs set status = 'undone' where id = ${run.id}`;
      await actAs(tx, tableOwner);
      expect(await runOf(tx, alertId)).toMatchObject({ status: "undoing", did: STOPPED });
    });
  });

  it("name only a Make connector of their own organization", async () => {
    await rolledBack(sql, async (tx) => {
      const otherConnector = await addConnector(tx, tenants.b.id);
      const [rule] = await tx<{ id: string }[]>`select id from public.alert_rules where org_id = ${tenants.a.id} limit 1`;
      await actAs(tx, tenants.a.admin);
      await expect(tx`insert into public.alert_actions (org_id, rule_id, kind, connector_id)
        values (${tenants.a.id}, ${rule.id}, 'stop_make_scenarios', ${otherConnector})`).rejects.toMatchObject({ code: "SG085" });
    });
    await rolledBack(sql, async (tx) => {
      const [rule] = await tx<{ id: string }[]>`select id from public.alert_rules where org_id = ${tenants.a.id} limit 1`;
      await actAs(tx, tenants.a.admin);
      await expect(tx`insert into public.alert_actions (org_id, rule_id, kind) values (${tenants.a.id}, ${rule.id}, 'stop_make_scenarios')`)
        .rejects.toMatchObject({ code: "23514" });
    });
  });
});

describe("cost connector syncs", () => {
  const record = (tx: TransactionSql, connector: string, claim: string, costs: object[] | null, error: string | null = null, usage: object[] = []) => tx<{ ok: boolean }[]>`
    select private.record_connector_sync(${connector}, ${claim}, '2026-11-01', '2026-11-04', ${costs === null ? null : tx.json(costs as never)},
      ${costs === null ? null : tx.json(usage as never)}, '2026-11-02', ${error}, false, now() + interval '6 hours') as ok`;

  it("replace their window under a claim, and a lost claim or a removed connector writes nothing", async () => {
    await rolledBack(sql, async (tx) => {
      const [{ id }] = await tx<{ id: string }[]>`
        insert into public.connectors (org_id, provider, name, credentials) values (${tenants.a.id}, 'openai', 'OpenAI sync', 'sk-admin-1234567890') returning id`;
      await actAs(tx, serviceRole);
      const [claimed] = await tx<{ id: string; sync_claim: string }[]>`select id, sync_claim from private.claim_connector_syncs(100) where id = ${id}`;
      expect(claimed.sync_claim).toMatch(/^[0-9a-f-]{36}$/);
      const day = (d: string, amount: string) => ({ day: d, line_item: "gpt-4o", currency: "USD", amount });
      // Out-of-window days in an answer are ignored; a stale claim writes nothing.
      expect((await record(tx, id, claimed.sync_claim, [day("2026-11-01", "1.5"), day("2026-11-03", "2"), day("2026-11-09", "9")]))[0].ok).toBe(true);
      expect((await record(tx, id, claimed.sync_claim, [day("2026-11-01", "7")]))[0].ok).toBe(false);
      const rows = () => tx<{ day: string; amount: string }[]>`
        select to_char(day, 'YYYY-MM-DD') as day, trim_scale(amount)::text as amount from public.billed_costs where connector_id = ${id} order by day`;
      expect(await rows()).toEqual([{ day: "2026-11-01", amount: "1.5" }, { day: "2026-11-03", amount: "2" }]);

      // The next sync replaces the window: a correction lands, a vanished line goes, nothing doubles.
      await tx`update public.connectors set sync_next_at = now() where id = ${id}`;
      const [again] = await tx<{ sync_claim: string }[]>`select sync_claim from private.claim_connector_syncs(100) where id = ${id}`;
      await record(tx, id, again.sync_claim, [day("2026-11-01", "1.75")]);
      expect(await rows()).toEqual([{ day: "2026-11-01", amount: "1.75" }]);
      const [state] = await tx<{ synced_through: string; sync_claim: string | null }[]>`
        select to_char(synced_through, 'YYYY-MM-DD') as synced_through, sync_claim from public.connectors where id = ${id}`;
      expect(state).toEqual({ synced_through: "2026-11-02", sync_claim: null });

      // A failure keeps the rows; a connector removed mid-sync takes them with it and refuses the outcome.
      await tx`update public.connectors set sync_next_at = now() where id = ${id}`;
      const [third] = await tx<{ sync_claim: string }[]>`select sync_claim from private.claim_connector_syncs(100) where id = ${id}`;
      await record(tx, id, third.sync_claim, null, "OpenAI is down. Trying again.");
      expect(await rows()).toEqual([{ day: "2026-11-01", amount: "1.75" }]);
      await tx`update public.connectors set sync_next_at = now() where id = ${id}`;
      const [fourth] = await tx<{ sync_claim: string }[]>`select sync_claim from private.claim_connector_syncs(100) where id = ${id}`;
      await tx`delete from public.connectors where id = ${id}`;
      expect((await record(tx, id, fourth.sync_claim, [day("2026-11-01", "5")]))[0].ok).toBe(false);
      expect(await tx`select 1 from public.billed_costs where connector_id = ${id}`).toHaveLength(0);
    });
  });

  it("cannot be written or claimed by members", async () => {
    await rolledBack(sql, async (tx) => {
      await actAs(tx, tenants.a.admin);
      for (const attempt of [tx`select * from private.claim_connector_syncs(1)`, tx`insert into public.billed_costs (org_id, connector_id, service, day, line_item, currency, amount)
        select org_id, id, 'openai', '2026-11-01', 'forged', 'USD', 1 from public.connectors where org_id = ${tenants.a.id} limit 1`]) {
        await tx`savepoint refused`;
        await expect(attempt).rejects.toMatchObject({ code: "42501" });
        await tx`rollback to savepoint refused`;
      }
    });
  });
});

describe("budgets on billed cost", () => {
  it("count the service's billed days, converted with the organization's rates, and nothing else", async () => {
    await rolledBack(sql, async (tx) => {
      const a = tenants.a.id;
      const [{ id: connector }] = await tx<{ id: string }[]>`
        insert into public.connectors (org_id, provider, name, credentials) values (${a}, 'openai', 'OpenAI billed', 'sk-admin-1234567890') returning id`;
      await tx`insert into public.billed_costs (org_id, connector_id, service, day, line_item, currency, amount) values
        (${a}, ${connector}, 'openai', '2026-03-02', 'gpt-4o', 'USD', '10.5'),
        (${a}, ${connector}, 'openai', '2026-03-03', 'gpt-4o', 'GBP', '4'),
        (${a}, ${connector}, 'openai', '2026-03-04', 'gpt-4o', 'JPY', '900'),
        (${a}, ${connector}, 'openai', '2026-04-01', 'gpt-4o', 'USD', '99')`;
      await tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${a}, 'GBP', '2026-03-01', '1.25')`;
      await tx`savepoint narrow`;
      await expect(tx`insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, cost_basis)
        values (${a}, 'Too narrow', '50', 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC', '{"service": "openai", "team": "x"}', 'billed')`)
        .rejects.toMatchObject({ code: "23514", constraint_name: "budgets_billed_scope" });
      await tx`rollback to savepoint narrow`;
      const [{ id: budget }] = await tx<{ id: string }[]>`
        insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, cost_basis)
        values (${a}, 'OpenAI bill', '50', 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC', '{"service": "openai"}', 'billed') returning id`;
      await actAs(tx, serviceRole);
      await tx`select private.rebuild_budget_ledgers(${a}, ${budget}, array['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z']::timestamptz[])`;
      await actAs(tx, tableOwner);
      const ledgers = await tx<{ period_start: Date; spent: string; event_count: string; unpriced_count: string }[]>`
        select period_start, trim_scale(spent)::text as spent, event_count, unpriced_count from public.budget_ledgers where budget_id = ${budget} order by period_start`;
      // March: 10.5 USD + 4 GBP × 1.25; the JPY day has no rate and is left out, counted as unpriced.
      expect(ledgers.map((row) => [row.period_start.toISOString(), row.spent, row.event_count, row.unpriced_count])).toEqual([
        ["2026-03-01T00:00:00.000Z", "15.5", "3", "1"],
        ["2026-04-01T00:00:00.000Z", "99", "1", "0"],
      ]);
      const series = await tx<{ day: string; spent: string }[]>`
        select to_char(day, 'YYYY-MM-DD') as day, trim_scale(spent)::text as spent from private.budget_daily_series(${budget}, 40, '2026-03-05T12:00:00Z')`;
      expect(series).toEqual([
        { day: "2026-03-02", spent: "10.5" },
        { day: "2026-03-03", spent: "5" },
        { day: "2026-03-04", spent: "0" },
      ]);
    });
  });
});

describe("Make usage syncs", () => {
  it("replace the window's operations and credits, and keep them from other organizations", async () => {
    await rolledBack(sql, async (tx) => {
      const [{ id }] = await tx<{ id: string }[]>`
        insert into public.connectors (org_id, provider, name, settings, credentials)
        values (${tenants.a.id}, 'make', 'Make usage', ${tx.json({ zone: "eu1", team_id: 215 })}, 'make-token-1234567890') returning id`;
      await actAs(tx, serviceRole);
      const [claimed] = await tx<{ sync_claim: string }[]>`select sync_claim from private.claim_connector_syncs(100) where id = ${id}`;
      const usage = [
        { day: "2026-11-01", line_item: "Newsletter (#925)", unit: "operations", quantity: "1200" },
        { day: "2026-11-01", line_item: "Newsletter (#925)", unit: "credits", quantity: "1200" },
      ];
      await tx`select private.record_connector_sync(${id}, ${claimed.sync_claim}, '2026-11-01', '2026-11-04', '[]'::jsonb, ${tx.json(usage)},
        '2026-11-02', null, false, now() + interval '6 hours')`;
      await tx`update public.connectors set sync_next_at = now() where id = ${id}`;
      const [again] = await tx<{ sync_claim: string }[]>`select sync_claim from private.claim_connector_syncs(100) where id = ${id}`;
      await tx`select private.record_connector_sync(${id}, ${again.sync_claim}, '2026-11-01', '2026-11-04', '[]'::jsonb,
        ${tx.json([{ ...usage[0], quantity: "1300" }])}, '2026-11-02', null, false, now() + interval '6 hours')`;
      await actAs(tx, tenants.a.member);
      expect(await tx`select unit, trim_scale(quantity)::text as quantity from public.connector_usage where connector_id = ${id}`).toEqual([{ unit: "operations", quantity: "1300" }]);
      await actAs(tx, tenants.b.owner);
      expect(await tx`select 1 from public.connector_usage where connector_id = ${id}`).toHaveLength(0);
    });
  });
});
