/**
 * An organization's private Realtime topics (supabase/migrations/*_create_realtime_access.sql and
 * *_announce_changes.sql): `spend` (events `spend` and `budgets`, sent by ingest in its
 * transaction; `spend_changed` when events are re-priced; `budgets_changed` when a budget is
 * created, edited or deleted) and `alerts` (event `alerts_changed`, when alerts are recorded,
 * acknowledged or resolved). Members of the organization may receive them; nobody may send on
 * them from a client.
 */
export function orgTopics(orgId: string) {
  return { spend: `org:${orgId}:spend`, alerts: `org:${orgId}:alerts` } as const;
}
