/**
 * Automated actions on alert rules at the SQL level (migration 20261123070000): firing an alert
 * carries its rule's actions out in the same transaction (or leaves them waiting for approval);
 * approve, decline and undo are the only status changes, made by admins; what an action changes
 * is audited as the system's; targets that are gone or changed are skipped or refuse an undo;
 * actions name only their organization's rules and keys.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, serviceRole, trial } from "../helpers/acting.ts";
import { connect, rolledBack } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("actions"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

type Run = { id: string; status: string; target: Record<string, string>; did: Record<string, string> | null; note: string | null; decided_by: string | null };

/** A soft budget of org A with an 80 % rule carrying `actions`, and a fired alert of that rule. */
async function fire(tx: TransactionSql, actions: { kind: string; requires_approval?: boolean; api_key_id?: string; scope?: string }[]) {
  const a = tenants.a.id;
  const [budget] = await tx<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    values (${a}, 'Actions budget', '10', 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC') returning id`;
  const [rule] = await tx<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budget.id} and threshold = 80`;
  for (const action of actions) {
    await tx`insert into public.alert_actions (org_id, rule_id, kind, requires_approval, api_key_id, scope)
      values (${a}, ${rule.id}, ${action.kind}, ${action.requires_approval ?? false}, ${action.api_key_id ?? null}, ${action.scope ?? null})`;
  }
  await tx`select private.record_alerts(${a}, ${tx.json({ fire: [{
    rule_id: rule.id, subject: "", period_start: "2029-03-01T00:00:00Z", period_end: "2029-04-01T00:00:00Z", notify: "sent",
    facts: { kind: "actual", currency: "USD", threshold: 80, amount: "10", spent: "8", percent: 80 },
  }] } as never)})`;
  const runs = await tx<Run[]>`
    select r.id, r.status, r.target, r.did, r.note, r.decided_by from public.alert_action_runs r
    join public.alerts al on al.id = r.alert_id where al.rule_id = ${rule.id} order by r.created_at, r.kind`;
  return { budgetId: budget.id, runs };
}

const enforcement = async (tx: TransactionSql, budgetId: string) =>
  (await tx<{ enforcement: string }[]>`select enforcement from public.budgets where id = ${budgetId}`)[0].enforcement;
const scopes = async (tx: TransactionSql, keyId: string) =>
  (await tx<{ scopes: string[] }[]>`select scopes from public.api_keys where id = ${keyId}`)[0].scopes;

describe("alert actions", () => {
  it("switch the budget to hard enforcement in the alert's own transaction, audited as the system's", async () => {
    await rolledBack(sql, async (tx) => {
      const { budgetId, runs } = await fire(tx, [{ kind: "enforce_hard" }]);
      expect(runs).toMatchObject([{ status: "done", target: { budget_id: budgetId }, did: { enforcement_before: "soft" }, note: null }]);
      expect(await enforcement(tx, budgetId)).toBe("hard");
      const [audit] = await tx<{ actor_type: string; before: { enforcement: string }; after: { enforcement: string } }[]>`
        select actor_type, before, after from public.audit_log where entity_type = 'budget' and entity_id = ${budgetId} and action = 'budget.updated'`;
      expect(audit).toMatchObject({ actor_type: "system", before: { enforcement: "soft" }, after: { enforcement: "hard" } });
    });
  });

  it("wait for an admin when they require approval; approving carries them out, declining does not", async () => {
    for (const decision of ["done", "declined"] as const) {
      await rolledBack(sql, async (tx) => {
        const { budgetId, runs } = await fire(tx, [{ kind: "enforce_hard", requires_approval: true }]);
        expect(runs).toMatchObject([{ status: "awaiting_approval", did: null }]);
        expect(await enforcement(tx, budgetId)).toBe("soft");
        // A member may not decide.
        await actAs(tx, tenants.a.member);
        expect((await tx`update public.alert_action_runs set status = ${decision} where id = ${runs[0].id}`).count).toBe(0);
        await actAs(tx, tenants.a.admin);
        await tx`update public.alert_action_runs set status = ${decision} where id = ${runs[0].id}`;
        await tx`select set_config('role', 'none', true)`;
        const [run] = await tx<Run[]>`select id, status, target, did, note, decided_by from public.alert_action_runs where id = ${runs[0].id}`;
        expect(run).toMatchObject({ status: decision, decided_by: tenants.a.admin.id });
        expect(await enforcement(tx, budgetId)).toBe(decision === "done" ? "hard" : "soft");
      });
    }
  });

  it("take a scope from a key and give it back on undo; a key's only scope is left alone", async () => {
    await trial(sql, async (t) => {
      const key = tenants.a.apiKey.id; // ingest and read
      const { runs } = await fire(t.tx, [{ kind: "suspend_key_scope", api_key_id: key, scope: "ingest" }]);
      expect(runs).toMatchObject([{ status: "done", did: { scope_removed: "ingest" } }]);
      expect(await scopes(t.tx, key)).toEqual(["read"]);
      await t.expectAllowed(tenants.a.owner, (tx) => tx`update public.alert_action_runs set status = 'undone' where id = ${runs[0].id} returning id`);
      expect((await scopes(t.tx, key)).sort()).toEqual(["ingest", "read"]);

      await t.tx`update public.api_keys set scopes = '{check}' where id = ${key}`;
      const lone = await fire(t.tx, [{ kind: "suspend_key_scope", api_key_id: key, scope: "check" }]);
      expect(lone.runs).toMatchObject([{ status: "skipped", did: null, note: "check is the key's only scope; revoke the key instead." }]);
      expect(await scopes(t.tx, key)).toEqual(["check"]);
    });
  });

  it("refuse an undo when the target changed since, and any other status change", async () => {
    await trial(sql, async (t) => {
      const { budgetId, runs } = await fire(t.tx, [{ kind: "enforce_hard" }]);
      await t.tx`update public.budgets set enforcement = 'approval' where id = ${budgetId}`;
      await t.expectRefused(tenants.a.admin, (tx) => tx`update public.alert_action_runs set status = 'undone' where id = ${runs[0].id}`, "SG081");
      await t.expectRefused(tenants.a.admin, (tx) => tx`update public.alert_action_runs set status = 'declined' where id = ${runs[0].id}`, "SG080");
      // Only the status is anyone's to change.
      await t.expectRefused(tenants.a.admin, (tx) => tx`update public.alert_action_runs set did = '{}' where id = ${runs[0].id}`, "42501");
      expect(await enforcement(t.tx, budgetId)).toBe("approval");
    });
  });

  it("skip what is gone, and name only their organization's rules and keys", async () => {
    await trial(sql, async (t) => {
      const { runs } = await fire(t.tx, [{ kind: "suspend_key_scope", api_key_id: tenants.a.apiKey.id, scope: "ingest", requires_approval: true }]);
      await t.tx`update public.api_keys set revoked_at = now() where id = ${tenants.a.apiKey.id}`;
      await t.expectAllowed(serviceRole, (tx) => tx`update public.alert_action_runs set status = 'done' where id = ${runs[0].id} returning id`);
      const [run] = await t.tx<Run[]>`select status, note from public.alert_action_runs where id = ${runs[0].id}`;
      expect(run).toMatchObject({ status: "skipped", note: "The API key no longer exists or was revoked." });

      const [ruleOfA] = await t.tx<{ id: string }[]>`select id from public.alert_rules where org_id = ${tenants.a.id} limit 1`;
      await t.expectRefused(serviceRole, (tx) => tx`
        insert into public.alert_actions (org_id, rule_id, kind) values (${tenants.b.id}, ${ruleOfA.id}, 'enforce_hard')`, "SG082");
      await t.expectRefused(serviceRole, (tx) => tx`
        insert into public.alert_actions (org_id, rule_id, kind, api_key_id, scope)
        values (${tenants.a.id}, ${ruleOfA.id}, 'suspend_key_scope', ${tenants.b.apiKey.id}, 'ingest')`, "SG083");
    });
  });
});
