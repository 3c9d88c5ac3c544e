/**
 * Writes an attempt's outcome onto its outbox row. Every write is fenced by the claim it answers
 * (status 'sending' and the attempt number): if this dispatcher's lease ran out and another one
 * claimed the row meanwhile, the stale outcome is dropped instead of overwriting the newer claim.
 *
 * A destination refused for good disables its channel (once: the first refusal wins) and tells
 * every owner and admin of the organization by email (a channel_disabled notification, sent by
 * the same dispatcher run).
 */
import type { Sql, TransactionSql } from "postgres";
import type { Outcome } from "./decide-outcome.ts";

export type ClaimedRow = {
  id: string;
  org_id: string;
  alert_id: string | null;
  channel_id: string | null;
  purpose: string;
  channel: "email" | "sms" | "webhook";
  destination: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  created_at: Date;
};

/** Keeps a provider's essay out of the row. */
const MAX_ERROR_LENGTH = 2000;

/** Whether the outcome was recorded (false: the claim was lost to another dispatcher). */
export async function recordOutcome(sql: Sql, row: ClaimedRow, outcome: Outcome): Promise<boolean> {
  const claimed = (q: Sql | TransactionSql) => q`id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`;
  if (outcome.status === "sent") {
    const updated = await sql`
      update public.notifications set status = 'sent', provider = ${outcome.provider}, provider_message_id = ${outcome.providerMessageId},
        sent_at = now(), locked_until = null, updated_at = now()
      where ${claimed(sql)}`;
    return updated.count === 1;
  }
  const error = outcome.error.slice(0, MAX_ERROR_LENGTH);
  if (outcome.status === "pending") {
    const updated = await sql`
      update public.notifications set status = 'pending', next_attempt_at = now() + make_interval(secs => ${outcome.delayMs / 1000}),
        locked_until = null, last_error = ${error}, last_error_code = ${outcome.code}, provider = ${outcome.provider}, updated_at = now()
      where ${claimed(sql)}`;
    return updated.count === 1;
  }
  return sql.begin(async (tx) => {
    const updated = await tx`
      update public.notifications set status = ${outcome.status}, locked_until = null, last_error = ${error},
        last_error_code = ${outcome.code}, provider = ${outcome.provider}, updated_at = now()
      where ${claimed(tx)}`;
    if (updated.count !== 1) return false;
    if (outcome.status === "rejected" && outcome.disableChannel && row.channel_id !== null) {
      await tx`
        with disabled as (
          update public.notification_channels set disabled_at = now(), disabled_reason = ${error}, updated_at = now()
          where id = ${row.channel_id} and disabled_at is null
          returning org_id, name, kind, destination, disabled_reason
        )
        insert into public.notifications (org_id, user_id, purpose, channel, destination, payload)
        select d.org_id, m.user_id, 'channel_disabled', 'email', u.email, jsonb_build_object(
          'type', 'channel_disabled',
          'org', jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug),
          'channel_name', d.name, 'channel_kind', d.kind, 'destination', d.destination, 'reason', d.disabled_reason)
        from disabled d
        join public.organizations o on o.id = d.org_id
        join public.memberships m on m.org_id = d.org_id and m.role in ('owner', 'admin')
        join auth.users u on u.id = m.user_id
        where u.email is not null`;
    }
    return true;
  }) as Promise<boolean>;
}
