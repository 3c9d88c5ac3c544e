/**
 * An organization's private Realtime topics (supabase/migrations/*_create_realtime_access.sql):
 * `spend` (events `spend` and `budgets`, sent by ingest in its transaction) and `alerts` (event
 * `alerts_changed`, sent by private.record_alerts). Members of the organization may receive them;
 * nobody may send on them from a client.
 */
export function orgTopics(orgId: string) {
  return { spend: `org:${orgId}:spend`, alerts: `org:${orgId}:alerts` } as const;
}
