/**
 * The alert tables' rules beyond the isolation matrix: secrets no person can read, acknowledging
 * as the only change people make, once-per-period firing and its recipients (members still in the
 * organization, verified and enabled channels only), default rules on new budgets, rule shapes,
 * claiming the outbox without double delivery, and the weekly digest opt-in.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, rolledBack } from "../helpers/db.ts";
import { actAs, serviceRole } from "../helpers/acting.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;
let budgetId: string;
let ruleId: string;

const facts = { kind: "actual", currency: "USD", threshold: 80, amount: "100", spent: "80", percent: 80 };
const fire = (periodStart: string, notify = "sent") => ({
  fire: [{ rule_id: ruleId, subject: "", period_start: periodStart, period_end: null, facts, notify }],
});

/** The SQLSTATE a statement failed with (fails the test if it succeeded). */
async function failure(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error("the statement succeeded");
}

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("alerts"));
  const [budget] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, created_by)
    values (${tenants.a.id}, 'Alerts budget', '100', 'USD', ${sql.json({ kind: "monthly", startDay: 1 })}, 'UTC', ${tenants.a.admin.id})
    returning id`;
  budgetId = budget.id;
  const [rule] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetId} and threshold = 80`;
  ruleId = rule.id;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

describe("alert rules", () => {
  it("are added to every new budget: 50/80/100 % actual and 100 % forecast for its creator, or the owners", async () => {
    const rules = await sql`select r.kind, r.threshold::text, r.severity, r.member_ids from public.alert_rules r where r.budget_id = ${budgetId} order by r.kind, r.threshold`;
    expect(rules).toEqual([
      { kind: "actual", threshold: "50", severity: "info", member_ids: [tenants.a.admin.id] },
      { kind: "actual", threshold: "80", severity: "warning", member_ids: [tenants.a.admin.id] },
      { kind: "actual", threshold: "100", severity: "critical", member_ids: [tenants.a.admin.id] },
      { kind: "forecast", threshold: "100", severity: "warning", member_ids: [tenants.a.admin.id] },
    ]);
    await rolledBack(sql, async (tx) => {
      const [byKey] = await tx<{ id: string }[]>`
        insert into public.budgets (org_id, name, amount, currency, period, timezone)
        values (${tenants.a.id}, 'Made by a key', '5', 'USD', ${sql.json({ kind: "daily" })}, 'UTC') returning id`;
      const recipients = await tx`select distinct member_ids from public.alert_rules where budget_id = ${byKey.id}`;
      expect(recipients).toEqual([{ member_ids: [tenants.a.owner.id] }]);
    });
  });

  it("have the fields of their kind, their own organization's budget and channels", async () => {
    const health = (extra: Record<string, unknown>) => rolledBack(sql, (tx) => tx`
      insert into public.alert_rules ${tx({ org_id: tenants.a.id, kind: "health", threshold: 5, metric: "error_rate", window_minutes: 15, min_requests: 10, ...extra })}`.then(() => {}));
    expect(await failure(() => health({}))).toMatchObject({ code: "23514" });
    await health({ service: "openai" });
    expect(await failure(() => health({ service: "openai", budget_id: budgetId }))).toMatchObject({ code: "23514" });

    const [other] = await sql<{ id: string }[]>`select id from public.budgets where org_id = ${tenants.b.id} limit 1`;
    expect(await failure(() => rolledBack(sql, (tx) => tx`
      insert into public.alert_rules (org_id, budget_id, kind, threshold) values (${tenants.a.id}, ${other.id}, 'actual', 10)`.then(() => {}))))
      .toMatchObject({ code: "SG070" });
    const [foreignChannel] = await sql<{ id: string }[]>`select id from public.notification_channels where org_id = ${tenants.b.id}`;
    expect(await failure(() => rolledBack(sql, (tx) => tx`
      update public.alert_rules set channel_ids = ${[foreignChannel.id]}::uuid[] where id = ${ruleId}`.then(() => {}))))
      .toMatchObject({ code: "SG071" });
  });

  it("lose a channel that is deleted", async () => {
    await rolledBack(sql, async (tx) => {
      const [channel] = await tx<{ id: string }[]>`select id from public.notification_channels where org_id = ${tenants.a.id}`;
      await tx`update public.alert_rules set channel_ids = ${[channel.id]}::uuid[] where id = ${ruleId}`;
      await tx`delete from public.notification_channels where id = ${channel.id}`;
      const [rule] = await tx`select channel_ids from public.alert_rules where id = ${ruleId}`;
      expect(rule.channel_ids).toEqual([]);
    });
  });
});

describe("notification channels", () => {
  it("keep signing secrets and verification codes from every person, admins included", async () => {
    await rolledBack(sql, async (tx) => {
      await actAs(tx, tenants.a.owner);
      for (const column of ["signing_secret", "verification_code_hash"]) {
        await tx`savepoint probe`;
        const refused = await failure(() => tx`select ${tx(column)} from public.notification_channels`);
        expect(refused.code).toBe("42501");
        await tx`rollback to savepoint probe`;
      }
      const visible = await tx`select id, destination, verified_at from public.notification_channels where org_id = ${tenants.a.id}`;
      expect(visible).toHaveLength(1);
    });
  });
});

describe("alerts", () => {
  it("fire once per rule, subject and period until resolved, then may fire again", async () => {
    await rolledBack(sql, async (tx) => {
      const first = await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json(fire("2026-11-01T00:00:00Z"))})`;
      const again = await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json(fire("2026-11-01T00:00:00Z"))})`;
      expect(first).toHaveLength(1);
      expect(again).toHaveLength(0);
      const [alert] = await tx<{ id: string }[]>`select id from public.alerts where rule_id = ${ruleId} and status = 'open'`;
      await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json({ resolve: [{ alert_id: alert.id, reason: "condition_cleared", facts }] })})`;
      expect(await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json(fire("2026-11-01T00:00:00Z"))})`).toHaveLength(1);
      const rows = await tx`select status from public.alerts where rule_id = ${ruleId} order by fired_at, status`;
      expect(rows.map((row) => row.status).sort()).toEqual(["open", "resolved"]);
    });
  });

  it("notify current members and verified, enabled channels only; muted ones notify nobody", async () => {
    await rolledBack(sql, async (tx) => {
      const channels = await tx<{ id: string; destination: string }[]>`
        insert into public.notification_channels (org_id, kind, name, destination, verified_at, disabled_at, signing_secret)
        values (${tenants.a.id}, 'sms', 'Verified phone', '+14155550100', now(), null, null),
               (${tenants.a.id}, 'sms', 'Unverified phone', '+14155550101', null, null, null),
               (${tenants.a.id}, 'webhook', 'Disabled hook', 'https://hooks.example.test/a', now(), now(), 'whsec_dGVzdA==')
        returning id, destination`;
      await tx`update public.alert_rules set member_ids = ${[tenants.a.admin.id, tenants.a.viewer.id, tenants.outsider.id]}::uuid[],
        channel_ids = ${channels.map((c) => c.id)}::uuid[] where id = ${ruleId}`;
      await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json(fire("2026-10-01T00:00:00Z"))})`;
      const sent = await tx`
        select n.channel, n.destination, n.purpose, n.payload -> 'alert' ->> 'budget_name' as budget
        from public.notifications n join public.alerts a on a.id = n.alert_id
        where a.rule_id = ${ruleId} order by n.channel, n.destination`;
      expect(sent).toEqual([
        { channel: "email", destination: tenants.a.admin.email, purpose: "alert_fired", budget: "Alerts budget" },
        { channel: "email", destination: tenants.a.viewer.email, purpose: "alert_fired", budget: "Alerts budget" },
        { channel: "sms", destination: "+14155550100", purpose: "alert_fired", budget: "Alerts budget" },
      ]);

      await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json(fire("2026-09-01T00:00:00Z", "muted"))})`;
      const [muted] = await tx`select id, delivery from public.alerts where rule_id = ${ruleId} and period_start = '2026-09-01T00:00:00Z'`;
      expect(muted.delivery).toBe("muted");
      expect(await tx`select 1 from public.notifications where alert_id = ${muted.id}`).toHaveLength(0);
    });
  });

  it("are acknowledged by members with a note, once, and changed in no other way by people", async () => {
    await rolledBack(sql, async (tx) => {
      await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json(fire("2026-08-01T00:00:00Z"))})`;
      const [alert] = await tx<{ id: string }[]>`select id from public.alerts where rule_id = ${ruleId} and period_start = '2026-08-01T00:00:00Z'`;
      const asMember = async (statement: (t: TransactionSql) => Promise<unknown>) => {
        await tx`savepoint attempt`;
        await actAs(tx, tenants.a.member);
        try {
          return await statement(tx);
        } finally {
          await tx`rollback to savepoint attempt`;
        }
      };
      expect(await failure(() => asMember((t) => t`update public.alerts set status = 'resolved' where id = ${alert.id}`)))
        .toMatchObject({ code: "SG072" });
      await tx`savepoint ack`;
      await actAs(tx, tenants.a.member);
      await tx`update public.alerts set status = 'acknowledged', ack_note = 'Scaling down the batch job' where id = ${alert.id}`;
      await actAs(tx, serviceRole);
      const [acked] = await tx`select status, ack_note, acknowledged_by, acknowledged_at is not null as stamped from public.alerts where id = ${alert.id}`;
      expect(acked).toEqual({ status: "acknowledged", ack_note: "Scaling down the batch job", acknowledged_by: tenants.a.member.id, stamped: true });
      expect(await failure(() => asMember((t) => t`update public.alerts set status = 'acknowledged' where id = ${alert.id}`)))
        .toMatchObject({ code: "SG072" });
      const [audit] = await tx`select action, actor_id from public.audit_log where entity_id = ${alert.id}`;
      expect(audit).toEqual({ action: "alert.updated", actor_id: tenants.a.member.id });
    });
  });

  it("resolve when their period ends", async () => {
    await rolledBack(sql, async (tx) => {
      await tx`select * from private.record_alerts(${tenants.a.id}, ${tx.json({ fire: [{ ...fire("2026-07-01T00:00:00Z").fire[0], period_end: "2026-08-01T00:00:00Z" }] })})`;
      const mine = () => tx`select status, resolved_reason from public.alerts where rule_id = ${ruleId} and period_start = '2026-07-01T00:00:00Z'`;
      await tx`select private.resolve_ended_alerts('2026-07-31T23:59:59Z')`;
      expect(await mine()).toEqual([{ status: "open", resolved_reason: null }]);
      await tx`select private.resolve_ended_alerts('2026-08-01T00:00:00Z')`;
      const [alert] = await mine();
      expect(alert).toEqual({ status: "resolved", resolved_reason: "period_ended" });
    });
  });
});

describe("the outbox", () => {
  it("is claimed without overlap, each claim an attempt, and a lapsed lease is claimed again", async () => {
    await rolledBack(sql, async (tx) => {
      await tx`update public.notifications set status = 'sent' where status in ('pending', 'sending')`;
      await tx`insert into public.notifications (org_id, purpose, channel, destination, payload)
        select ${tenants.a.id}, 'test', 'email', 'n' || i || '@example.test', '{}' from generate_series(1, 5) i`;
      const first = await tx<{ id: string; attempts: number; status: string }[]>`select id, attempts, status from private.claim_notifications(3)`;
      const second = await tx<{ id: string }[]>`select id from private.claim_notifications(10)`;
      expect(first).toHaveLength(3);
      expect(first.every((row) => row.attempts === 1 && row.status === "sending")).toBe(true);
      expect(second).toHaveLength(2);
      expect(second.filter((row) => first.some((f) => f.id === row.id))).toEqual([]);
      expect(await tx`select id from private.claim_notifications(10)`).toHaveLength(0);
      await tx`update public.notifications set locked_until = now() - interval '1 second' where id = ${first[0].id}`;
      const reclaimed = await tx<{ id: string; attempts: number }[]>`select id, attempts from private.claim_notifications(10)`;
      expect(reclaimed).toEqual([{ id: first[0].id, attempts: 2 }]);
    });
  });
});

describe("the weekly digest", () => {
  it("is opted into by members for themselves and goes to those who did", async () => {
    await rolledBack(sql, async (tx) => {
      await actAs(tx, tenants.a.viewer);
      expect(await tx`select private.set_weekly_digest(${tenants.a.id}, true) as ok`).toEqual([{ ok: true }]);
      expect(await tx`select private.set_weekly_digest(${tenants.b.id}, true) as ok`).toEqual([{ ok: null }]);
      await actAs(tx, serviceRole);
      const [{ n }] = await tx<{ n: number }[]>`select private.enqueue_weekly_digests('2026-01-05T08:00:00Z') as n`;
      expect(n).toBe(1);
      const [digest] = await tx`select destination, payload from public.notifications where purpose = 'digest'`;
      expect(digest.destination).toBe(tenants.a.viewer.email);
      expect(digest.payload).toMatchObject({ type: "digest", currency: "USD", spent: "0.000025", previous_spent: "0", open_alerts: expect.any(Number) });
      expect(digest.payload.top_services).toEqual([{ service: "openai", cost: "0.000025" }]);
    });
  });
});
