/**
 * Notification channels as the channels page shows them: the columns members may read (never
 * the signing secret or the code), a status in words, and — for admins, who alone see the
 * outbox — how the latest test message fared.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/services/errors";
import type { ChannelKind } from "./channel-schemas";

export type ChannelStatus = "verified" | "awaiting_code" | "code_expired" | "unverified" | "disabled";

export type LatestTest = { status: "pending" | "sending" | "sent" | "dead" | "rejected"; last_error: string | null; created_at: Date };

export type Channel = {
  id: string;
  kind: ChannelKind;
  name: string;
  destination: string;
  status: ChannelStatus;
  verified_at: Date | null;
  verification_expires_at: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
  latest_test: LatestTest | null;
};

type Row = Omit<Channel, "status" | "latest_test"> & { latest_test: (Omit<LatestTest, "created_at"> & { created_at: string }) | null; now: Date };

export const CHANNEL_NOT_FOUND = "We couldn't find that channel.";

function statusOf(row: Row): ChannelStatus {
  if (row.disabled_at) return "disabled";
  if (row.verified_at) return "verified";
  if (row.verification_expires_at) return row.verification_expires_at > row.now ? "awaiting_code" : "code_expired";
  return "unverified";
}

export async function selectChannels(tx: Tx, orgId: string, id?: string): Promise<Channel[]> {
  const rows = await tx<Row[]>`
    select c.id, c.kind, c.name, c.destination, c.verified_at, c.verification_expires_at, c.disabled_at, c.disabled_reason, c.created_at,
      now() as now,
      (select jsonb_build_object('status', n.status, 'last_error', n.last_error, 'created_at', n.created_at)
       from public.notifications n
       where n.channel_id = c.id and n.org_id = c.org_id and n.purpose = 'test'
       order by n.created_at desc limit 1) as latest_test
    from public.notification_channels c
    where c.org_id = ${orgId} ${id === undefined ? tx`` : tx`and c.id = ${id}`}
    order by c.created_at, c.id`;
  return rows.map(({ now: _now, latest_test, ...row }) => ({
    ...row,
    status: statusOf({ ...row, latest_test, now: _now }),
    latest_test: latest_test === null ? null : { ...latest_test, created_at: new Date(latest_test.created_at) },
  }));
}

export async function selectChannel(tx: Tx, orgId: string, id: string): Promise<Channel> {
  const [channel] = await selectChannels(tx, orgId, id);
  if (!channel) throw new NotFoundError(CHANNEL_NOT_FOUND);
  return channel;
}
