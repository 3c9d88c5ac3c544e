-- Reconciliation alerts (issue 8 §2): a rule of kind `reconciliation` fires when what a provider
-- billed for a UTC day differs from what Spendguard priced for that service by more than the
-- rule's tolerance (threshold, percent of the larger side) and at least `min_amount` (the
-- organization's currency). Evaluated by sync-connectors after each successful sync, over the
-- settled days of the window (lib/alerting/evaluate-reconciliation.ts); one alert per rule,
-- service and day; it resolves when a later sync brings the day back within tolerance. An
-- optional `service` narrows the rule to one provider's service.

alter table public.alert_rules drop constraint alert_rules_kind_valid,
  add constraint alert_rules_kind_valid check (kind in ('actual', 'forecast', 'anomaly', 'health', 'reconciliation'));
alter table public.alert_rules drop constraint alert_rules_shape, add constraint alert_rules_shape check (case kind
  when 'actual' then budget_id is not null and threshold <= 1000 and service is null and metric is null
  when 'forecast' then budget_id is not null and threshold <= 1000 and service is null and metric is null
  when 'anomaly' then budget_id is not null and window_minutes in (60, 1440) and min_amount is not null and metric is null
  when 'health' then budget_id is null and service is not null and metric is not null and window_minutes is not null and min_requests is not null
  else budget_id is null and threshold <= 100 and min_amount is not null and metric is null and window_minutes is null and min_requests is null end);
alter table public.alerts drop constraint alerts_kind_valid,
  add constraint alerts_kind_valid check (kind in ('actual', 'forecast', 'anomaly', 'health', 'reconciliation'));
