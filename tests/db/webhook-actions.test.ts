/**
 * call_webhook alert actions at the SQL level (migration 20261123100000): they name only a
 * verified, enabled webhook channel of their own organization; they are queued for the runner
 * when their rule fires — health rules included, which watch no budget — and their alert
 * resolving takes nothing back; one that failed to deliver has nothing to undo.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, serviceRole, tableOwner } from "../helpers/acting.ts";
import { connect, rolledBack } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("hooks"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

async function channel(tx: TransactionSql, orgId: string, state: "verified" | "unverified" | "disabled"): Promise<string> {
  const [{ id }] = await tx<{ id: string }[]>`
    insert into public.notification_channels (org_id, kind, name, destination, signing_secret, verified_at, disabled_at, disabled_reason)
    values (${orgId}, 'webhook', ${`Hook ${state} ${Math.random()}`}, ${`https://hooks.example.test/${Math.random()}`}, 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0',
      ${state === "unverified" ? null : new Date()}, ${state === "disabled" ? new Date() : null}, ${state === "disabled" ? "Gone" : null})
    returning id`;
  return id;
}

async function healthRule(tx: TransactionSql): Promise<string> {
  const [rule] = await tx<{ id: string }[]>`
    insert into public.alert_rules (org_id, kind, threshold, service, metric, window_minutes, min_requests)
    values (${tenants.a.id}, 'health', 5, 'openai', 'error_rate', 15, 10) returning id`;
  return rule.id;
}

const addAction = (tx: TransactionSql, ruleId: string, channelId: string) =>
  tx`insert into public.alert_actions (org_id, rule_id, kind, channel_id) values (${tenants.a.id}, ${ruleId}, 'call_webhook', ${channelId})`;

describe("call_webhook actions", () => {
  it("name only a verified, enabled webhook channel of their organization", async () => {
    for (const [org, state] of [["b", "verified"], ["a", "unverified"], ["a", "disabled"]] as const) {
      await rolledBack(sql, async (tx) => {
        const id = await channel(tx, tenants[org].id, state);
        const ruleId = await healthRule(tx);
        await actAs(tx, tenants.a.admin);
        await expect(addAction(tx, ruleId, id)).rejects.toMatchObject({ code: "SG086" });
      });
    }
  });

  it("are queued when a health rule fires, stay when the alert resolves, and have nothing to undo once failed", async () => {
    await rolledBack(sql, async (tx) => {
      const ruleId = await healthRule(tx);
      await addAction(tx, ruleId, await channel(tx, tenants.a.id, "verified"));
      await tx`select private.record_alerts(${tenants.a.id}, ${tx.json({ fire: [{
        rule_id: ruleId, subject: "openai", period_start: "2029-03-01T10:00:00Z", period_end: null, notify: "sent",
        facts: { kind: "health", service: "openai", metric: "error_rate", threshold: 5, value: 12, window_minutes: 15, requests: 40 },
      }] } as never)})`;
      const [alert] = await tx<{ id: string }[]>`select id from public.alerts where rule_id = ${ruleId}`;
      const [run] = await tx<{ id: string; status: string; target: Record<string, string | null> }[]>`
        select id, status, target from public.alert_action_runs where alert_id = ${alert.id}`;
      expect(run).toMatchObject({ status: "queued", target: { budget_id: null } });

      await tx`select private.record_alerts(${tenants.a.id}, ${tx.json({ resolve: [{ alert_id: alert.id, reason: "condition_cleared", facts: null }] })})`;
      expect((await tx<{ status: string }[]>`select status from public.alert_action_runs where id = ${run.id}`)[0].status).toBe("queued");

      await actAs(tx, serviceRole);
      const [claimed] = await tx<{ attempts: number }[]>`select attempts from private.claim_action_runs(100) where id = ${run.id}`;
      await tx`select private.record_action_run(${run.id}, ${claimed.attempts}, 'failed', null, 'The endpoint answered 410 Gone.')`;
      await actAs(tx, tenants.a.admin);
      await tx`savepoint undo`;
      await expect(tx`update public.alert_action_runs set status = 'undone' where id = ${run.id}`).rejects.toMatchObject({ code: "SG081" });
      await tx`rollback to savepoint undo`;
      await tx`update public.alert_action_runs set status = 'done' where id = ${run.id}`;
      await actAs(tx, tableOwner);
      expect((await tx<{ status: string }[]>`select status from public.alert_action_runs where id = ${run.id}`)[0].status).toBe("queued");
    });
  });
});
