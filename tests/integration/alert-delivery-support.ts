/**
 * Shared by the alert-delivery suites: organizations with people, channels and routed rules,
 * written with superuser SQL as the services would, and the dispatcher invoked the way pg_cron and
 * private.poke_dispatcher() do (POST /functions/v1/dispatch-notifications, service-role key).
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Sql } from "postgres";
import { serviceRoleJwt } from "../../supabase/local/config.ts";
import { insertBudget, ruleOf } from "./alerts-support.ts";

export type Person = { id: string; email: string };

export type DeliveryOrg = {
  id: string;
  slug: string;
  owner: Person;
  admin: Person;
  member: Person;
  budgetId: string;
};

export type NotificationRow = {
  id: string;
  org_id: string;
  alert_id: string | null;
  channel_id: string | null;
  purpose: string;
  channel: string;
  destination: string;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  last_error_code: string | null;
  provider: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  created_at: Date;
};

async function person(sql: Sql, label: string, tag: string): Promise<Person> {
  const id = randomUUID();
  const email = `${label}.${tag}@example.test`;
  await sql`
    insert into auth.users (id, aud, role, email, raw_user_meta_data, email_confirmed_at, created_at, updated_at)
    values (${id}, 'authenticated', 'authenticated', ${email}, ${sql.json({ full_name: `${label} ${tag}` })}, now(), now(), now())`;
  return { id, email };
}

/** An organization whose creator is its owner, with an admin and a member, and one monthly budget of 1,000 USD. */
export async function deliveryOrg(sql: Sql, label: string): Promise<DeliveryOrg> {
  const tag = `${label}-${randomUUID().slice(0, 8)}`;
  const [owner, admin, member] = await Promise.all(["owner", "admin", "member"].map((role) => person(sql, role, tag)));
  const id = randomUUID();
  await sql`insert into public.organizations (id, name, slug, created_by) values (${id}, ${`Acme ${tag}`}, ${tag}, ${owner.id})`;
  await sql`insert into public.memberships (org_id, user_id, role) values (${id}, ${admin.id}, 'admin'), (${id}, ${member.id}, 'member')`;
  const budgetId = await insertBudget(sql, id, `Ops ${tag}`);
  return { id, slug: tag, owner, admin, member, budgetId };
}

/** A verified channel, as the channel services leave it once its code was entered. */
export async function verifiedChannel(sql: Sql, orgId: string, kind: "email" | "sms" | "webhook", destination: string, signingSecret: string | null = null): Promise<string> {
  const [channel] = await sql<{ id: string }[]>`
    insert into public.notification_channels (org_id, kind, name, destination, signing_secret, verified_at)
    values (${orgId}, ${kind}, ${`${kind} ${destination.slice(-12)}`}, ${destination}, ${signingSecret}, now())
    returning id`;
  return channel.id;
}

/** The budget's actual-spend rule at `threshold` %, sent to these members and channels. */
export async function routedRule(sql: Sql, budgetId: string, threshold: number, to: { members: string[]; channels: string[] }): Promise<string> {
  const ruleId = await ruleOf(sql, budgetId, "actual", threshold);
  await sql`update public.alert_rules set member_ids = ${to.members}::uuid[], channel_ids = ${to.channels}::uuid[] where id = ${ruleId}`;
  return ruleId;
}

/** A phone number nobody else in the run uses. */
export function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
}

export function notificationsOfAlert(sql: Sql, alertId: string) {
  return sql<NotificationRow[]>`select * from public.notifications where alert_id = ${alertId} order by channel, destination`;
}

export async function notification(sql: Sql, id: string): Promise<NotificationRow> {
  const [row] = await sql<NotificationRow[]>`select * from public.notifications where id = ${id}`;
  return row;
}

/** Polls until `check` stops throwing (an expect that fails), or fails with its last error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export type DispatchCounts = { claimed: number; sent: number; retried: number; dead: number; rejected: number; ms: number };

/** One dispatcher run, as pg_cron starts it. */
export async function invokeDispatcher(gatewayUrl: string, token = serviceRoleJwt): Promise<{ status: number; body: DispatchCounts }> {
  const response = await fetch(`${gatewayUrl}/functions/v1/dispatch-notifications`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: "{}",
  });
  return { status: response.status, body: await response.json() as DispatchCounts };
}

export async function dispatch(gatewayUrl: string): Promise<DispatchCounts> {
  const { status, body } = await invokeDispatcher(gatewayUrl);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Makes these rows due now, as if their backoff had passed. */
export function dueNow(sql: Sql, ids: string[]) {
  return sql`update public.notifications set next_attempt_at = now() where id in ${sql(ids)}`;
}
