/**
 * The Realtime announcements of changes other than ingest (migration 20261123050000): budgets
 * created, edited or deleted send `budgets_changed`, re-priced events `spend_changed`, alerts
 * acknowledged `alerts_changed` — on the organization's own topic, once per transaction however
 * many rows changed, and nothing for a change that did not happen.
 */
import type { Sql, TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, serviceRole } from "../helpers/acting.ts";
import { connect, rolledBack } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("announce"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

/** Messages this transaction wrote for the organization, as "topic event", sorted. */
async function sent(tx: TransactionSql, org: string): Promise<string[]> {
  const rows = await tx<{ topic: string; event: string; private: boolean; payload: unknown }[]>`
    select topic, event, private, payload from realtime.messages
    -- Written in this transaction (inserted_at is its start); the tenants' setup sent messages of its own.
    where topic like ${`org:${org}:%`} and inserted_at >= now()::timestamp
    order by topic, event`;
  for (const row of rows) expect(row).toMatchObject({ private: true, payload: { v: 1 } });
  return rows.map((row) => `${row.topic.slice(`org:${org}:`.length)} ${row.event}`);
}

function insertBudget(tx: TransactionSql | Sql, org: string, name: string) {
  return tx<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    values (${org}, ${name}, '100', 'USD', ${tx.json({ kind: "monthly", startDay: 1 })}, 'UTC') returning id`;
}

describe("announcements", () => {
  it("send one budgets_changed per organization and transaction when budgets are created, edited or deleted", async () => {
    const a = tenants.a.id;
    const b = tenants.b.id;
    await rolledBack(sql, async (tx) => {
      await insertBudget(tx, a, "One");
      await insertBudget(tx, a, "Two");
      await insertBudget(tx, b, "Theirs");
      expect(await sent(tx, a)).toEqual(["spend budgets_changed"]);
      expect(await sent(tx, b)).toEqual(["spend budgets_changed"]);
    });
    const [budget] = await insertBudget(sql, a, "Kept");
    try {
      for (const change of [
        (tx: TransactionSql) => tx`update public.budgets set amount = '200' where id = ${budget.id}`,
        (tx: TransactionSql) => tx`delete from public.budgets where id = ${budget.id}`,
      ]) {
        await rolledBack(sql, async (tx) => {
          await change(tx);
          expect(await sent(tx, a)).toEqual(["spend budgets_changed"]);
        });
      }
      // Nothing changed, nothing sent.
      await rolledBack(sql, async (tx) => {
        await tx`update public.budgets set amount = '1' where id = ${budget.id} and false`;
        expect(await sent(tx, a)).toEqual([]);
      });
    } finally {
      await sql`delete from public.budgets where id = ${budget.id}`;
    }
  });

  it("send spend_changed once when events are re-priced, and nothing for a batch that is only ingested", async () => {
    const a = tenants.a;
    await rolledBack(sql, async (tx) => {
      await actAs(tx, serviceRole);
      await tx`select * from private.ingest_events(${a.id}, ${a.apiKey.id}, 'api', ${tx.json([0, 1].map((idx) => ({
        idx, client_event_id: `announce-${idx}`, occurred_at: "2029-05-01T10:00:00Z", service: "openai", model: "gpt-4o",
        quantities: {}, cost: "1", currency: "USD", pricing_status: "provided",
      })) as never)})`;
      await tx`select set_config('role', 'none', true)`;
      expect(await sent(tx, a.id)).toEqual([]);
      await tx`update public.usage_events set cost = 2 where org_id = ${a.id} and client_event_id like 'announce-%'`;
      expect(await sent(tx, a.id)).toEqual(["spend spend_changed"]);
    });
  });

  it("send alerts_changed when an alert is acknowledged, and not when its status stays", async () => {
    const a = tenants.a.id;
    await rolledBack(sql, async (tx) => {
      const [budget] = await insertBudget(tx, a, "Alerting");
      const [rule] = await tx<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budget.id} limit 1`;
      const [alert] = await tx<{ id: string }[]>`
        insert into public.alerts (org_id, rule_id, budget_id, kind, severity, period_start, delivery)
        values (${a}, ${rule.id}, ${budget.id}, 'actual', 'info', '2029-05-01T00:00:00Z', 'sent') returning id`;
      expect(await sent(tx, a)).toEqual(["spend budgets_changed"]);
      await tx`update public.alerts set ack_note = 'seen' where id = ${alert.id}`;
      expect(await sent(tx, a)).toEqual(["spend budgets_changed"]);
      await tx`update public.alerts set status = 'acknowledged' where id = ${alert.id}`;
      expect(await sent(tx, a)).toEqual(["alerts alerts_changed", "spend budgets_changed"]);
    });
  });
});
