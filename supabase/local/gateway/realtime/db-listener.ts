/**
 * Broadcast from Database. Hosted Realtime reads committed `realtime.messages` inserts from
 * logical replication; locally the bootstrap's trigger NOTIFYs channel `realtime_broadcast` on
 * commit (so rolled-back `realtime.send()` calls never surface) with the message as JSON, or
 * `{id, truncated: true}` when it would exceed NOTIFY's 8000-byte limit. Truncated ones are read
 * back by id. Notifications are handled strictly in order, so subscribers see commit order.
 */
import type { Sql } from "postgres";
import { z } from "zod";

export type StoredBroadcast = { id: string; topic: string; event: string; private: boolean; payload: unknown };

export type DatabaseListener = { close(): Promise<void> };

const channelName = "realtime_broadcast";
/** Bound on notifications waiting behind a slow read-back; past it they are dropped (logged). */
const maxPending = 10_000;

const fullNotification = z.object({
  id: z.string(),
  topic: z.string(),
  event: z.string().nullable(),
  private: z.boolean().nullable(),
  payload: z.unknown(),
});
const truncatedNotification = z.object({ id: z.string(), truncated: z.literal(true) });

type Row = { id: string; topic: string; event: string | null; private: boolean | null; payload: unknown };

function toBroadcast(row: Row): StoredBroadcast | null {
  // A broadcast without an event name cannot be matched by any client listener.
  if (row.event === null) return null;
  // A NULL flag is treated as private: the safe reading, never leaking to public channels.
  return { id: row.id, topic: row.topic, event: row.event, private: row.private ?? true, payload: row.payload ?? null };
}

export async function listenForDatabaseBroadcasts(
  sql: Sql,
  deliver: (message: StoredBroadcast) => void,
  log: (message: string) => void,
): Promise<DatabaseListener> {
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;

  async function readBack(id: string): Promise<Row | undefined> {
    // The primary key is (id, inserted_at): bounding inserted_at first lets the
    // (inserted_at, topic) index narrow the scan; the unbounded query covers long transactions.
    const recent = await sql<Row[]>`
      select id::text, topic, event, private, payload from realtime.messages
      where id = ${id}::uuid and inserted_at > now() - interval '1 hour' limit 1`;
    if (recent[0]) return recent[0];
    const any = await sql<Row[]>`
      select id::text, topic, event, private, payload from realtime.messages where id = ${id}::uuid limit 1`;
    return any[0];
  }

  async function handle(text: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      log(`ignoring a ${channelName} notification that is not JSON`);
      return;
    }
    const truncated = truncatedNotification.safeParse(parsed);
    if (truncated.success) {
      const row = await readBack(truncated.data.id);
      if (!row) {
        log(`broadcast ${truncated.data.id} was announced but is no longer in realtime.messages`);
        return;
      }
      const message = toBroadcast(row);
      if (message) deliver(message);
      return;
    }
    const full = fullNotification.safeParse(parsed);
    if (!full.success) {
      log(`ignoring a malformed ${channelName} notification`);
      return;
    }
    const message = toBroadcast({ ...full.data, payload: full.data.payload });
    if (message) deliver(message);
  }

  function onNotify(text: string) {
    if (pending >= maxPending) {
      log(`dropping a database broadcast: ${maxPending} notifications already waiting`);
      return;
    }
    pending += 1;
    chain = chain
      .then(() => handle(text))
      .catch((error: unknown) => log(`database broadcast failed: ${(error as Error).message}`))
      .finally(() => {
        pending -= 1;
      });
  }

  const subscription = await sql.listen(channelName, onNotify);

  return {
    async close() {
      await subscription.unlisten().catch(() => {});
      await chain;
    },
  };
}
