/**
 * Which whole UTC days a cost sync asks for. On first connect, the last BACKFILL_DAYS days and
 * today; afterwards from RESYNC_DAYS before the last synced day, because providers settle recent
 * days late (OpenAI and Anthropic report within hours, AWS revises for a day or more), and today
 * so far. A connector that could not sync for a long time catches up at most MAX_WINDOW_DAYS at a
 * time. `through` is the last whole day the answer covers (yesterday): today is partial and is
 * asked for again next time.
 */
export const BACKFILL_DAYS = 30;
export const RESYNC_DAYS = 2;
export const MAX_WINDOW_DAYS = 90;

export type SyncWindow = { from: string; to: string; through: string };

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function syncWindow(syncedThrough: string | null, now: Date): SyncWindow {
  const today = msOf(dayOf(now.getTime()));
  const wanted = syncedThrough === null ? today - BACKFILL_DAYS * DAY_MS : Math.min(msOf(syncedThrough) - RESYNC_DAYS * DAY_MS, today);
  const from = Math.max(wanted, today - MAX_WINDOW_DAYS * DAY_MS);
  return { from: dayOf(from), to: dayOf(today + DAY_MS), through: dayOf(today - DAY_MS) };
}
