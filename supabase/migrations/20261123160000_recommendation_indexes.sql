-- Recommendations read two kinds of raw events over the last 30 days: those carrying a client
-- fingerprint (repeated requests) and SMS sends (failed messages). Without these, each read
-- scanned every event of the organization in the window (bench/insights: ~1.2 s at 10 M events);
-- partial indexes keep to the few events concerned and cost ingest nothing for the rest.
create index usage_events_fingerprint_idx on public.usage_events (org_id, occurred_at) where tags ? 'fingerprint';
create index usage_events_messages_idx on public.usage_events (org_id, occurred_at) where quantities ? 'message';
