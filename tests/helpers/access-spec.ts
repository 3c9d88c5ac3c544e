/**
 * Who may do what to each tenant table: the expectations of the isolation matrix
 * (tests/db/isolation-matrix.test.ts). The matrix finds tenant tables in the catalog and fails for
 * any table missing here, so a new table is covered by adding one entry — the access it should
 * have, and how to build a row to insert, a change to make and the row to aim at.
 */
import { randomUUID } from "node:crypto";
import { isAtLeast, newToken, tokenHash, type Org, type Person, type Role, type Tenants } from "./tenants.ts";

export const commands = ["select", "insert", "update", "delete"] as const;
export type Command = (typeof commands)[number];

/**
 * The least role that may run a command on its own organization's rows; `signed-in`: any user,
 * member or not; `null`: nobody through the API. Another organization's rows: never anybody.
 */
export type Access = Role | "signed-in" | null;

export type Values = Record<string, string | number | null>;
/** A row to insert: like Values, plus JSON objects for jsonb columns. */
export type RowValues = Record<string, string | number | null | Record<string, string>>;

/** `org` is the organization aimed at (A, the actors' own, or B); `actor` is who is acting. */
export type SpecContext = { tenants: Tenants; org: Org; actor: Person; crossTenant: boolean };

export type TableSpec = {
  access: Record<Command, Access>;
  /** Column → value: the row(s) of `org` that update and delete aim at. */
  target(ctx: SpecContext): Values;
  /** A row the actor tries to insert into `org`. */
  candidate(ctx: SpecContext): RowValues;
  /** What the actor tries to set on the target (must differ from what is there). */
  change(ctx: SpecContext): Values;
  /** Columns that never change once written, each with another value to try. */
  immutable(ctx: SpecContext): Values;
};

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

export const accessSpec: Record<string, TableSpec> = {
  organizations: {
    access: { select: "viewer", insert: "signed-in", update: "admin", delete: "owner" },
    target: ({ org }) => ({ id: org.id }),
    // "Own" is a new organization created by the actor; across tenants, one claiming B's owner made it.
    candidate: ({ tenants, org, actor, crossTenant }) => ({
      id: randomUUID(),
      name: "Candidate",
      slug: `${tenants.tag}-new`,
      created_by: crossTenant ? org.owner.id : actor.id,
    }),
    change: () => ({ name: "Renamed", retention_months: 6 }),
    immutable: () => ({ id: randomUUID() }),
  },
  memberships: {
    // Insert: nobody. Users join by creating an organization or accepting an invitation, both
    // security definer functions; only operators (service_role) add a member directly.
    access: { select: "viewer", insert: null, update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id, user_id: org.subject.id }),
    candidate: ({ tenants, org }) => ({ org_id: org.id, user_id: tenants.outsider.id, role: "member" }),
    change: () => ({ role: "viewer" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id, user_id: tenants.outsider.id }),
  },
  invitations: {
    access: { select: "admin", insert: "admin", update: "admin", delete: null },
    target: ({ org }) => ({ id: org.invitation.id }),
    candidate: ({ tenants, org }) => ({
      org_id: org.id,
      email: `candidate.${tenants.tag}@example.test`,
      role: "member",
      token_hash: tokenHash(newToken()),
      expires_at: inAWeek(),
    }),
    change: () => ({ expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  audit_log: {
    access: { select: "admin", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org, actor }) => ({
      org_id: org.id, actor_type: "user", actor_id: actor.id, action: "organization.forged", entity_type: "organization",
    }),
    change: () => ({ action: "organization.tampered" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  api_keys: {
    // Insert: nobody directly; keys are made by private.create_api_key together with their hash.
    // Delete: nobody; a key is revoked and kept as history.
    access: { select: "admin", insert: null, update: "admin", delete: null },
    target: ({ org }) => ({ id: org.apiKey.id }),
    candidate: ({ org, actor }) => ({
      org_id: org.id, name: "Candidate", prefix: "sg_abcdefgh", scopes: "{read}", created_by: actor.id,
    }),
    change: ({ actor }) => ({ revoked_at: new Date().toISOString(), revoked_by: actor.id }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  usage_events: {
    // Written only by private.ingest_events (service_role, for an API key); events are facts.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({
      org_id: org.id, client_event_id: `forged-${randomUUID()}`, occurred_at: new Date().toISOString(), service: "openai",
      model: "gpt-4o", currency: "USD", pricing_status: "provided", cost: "1",
    }),
    change: () => ({ cost: "0" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  spend_rollups: {
    // Maintained only in the ingest transaction; members read totals.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({
      org_id: org.id, bucket: "2026-02-01T00:00:00Z", service: "openai", model: "gpt-4o", currency: "USD", cost: "1",
    }),
    change: () => ({ cost: "0" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  spend_facets: {
    // Maintained only by triggers on usage_events; members read totals.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, dimension: "all", bucket: "2026-02-01T00:00:00Z", cost: "1" }),
    change: () => ({ cost: "0" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  fx_rates: {
    // Everyone sees the rates their spend is converted with; admins keep them.
    access: { select: "viewer", insert: "admin", update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id, currency: "EUR" }),
    candidate: ({ org }) => ({ org_id: org.id, currency: "GBP", rate_date: "2026-02-01", rate: "1.27" }),
    change: () => ({ rate: "1.1" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  price_overrides: {
    access: { select: "viewer", insert: "admin", update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id, model: "gpt-4o" }),
    candidate: ({ org }) => ({
      org_id: org.id, service: "anthropic", model: "claude-x", effective_from: "2026-02-01T00:00:00Z", currency: "USD",
      unit_prices: { input_token: "0.000001" },
    }),
    change: () => ({ note: "Negotiated in March" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  reprice_jobs: {
    // Queued by triggers when prices or rates change and advanced by the app (service_role);
    // members see the progress.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, reason: "unpriced", unpriced_only: "true" }),
    change: () => ({ finished_at: new Date().toISOString() }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  budgets: {
    access: { select: "viewer", insert: "admin", update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({
      org_id: org.id, name: "Candidate budget", amount: "50", currency: "USD", period: { kind: "daily" }, timezone: "Europe/Berlin",
    }),
    change: () => ({ amount: "75" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  budget_ledgers: {
    // Kept by ingest, repricing and rebuilds (service_role); members read.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, budget_id: randomUUID(), period_start: "2026-02-01T00:00:00Z", spent: "1" }),
    change: () => ({ spent: "0" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  budget_forecasts: {
    // Written hourly by the run-forecasts edge function (service_role); members read.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, budget_id: randomUUID(), period_start: "2026-02-01T00:00:00Z", method: "run_rate", history_days: 0, forecast: {} }),
    change: () => ({ method: "forged" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  approvals: {
    // Created by POST /api/v1/check (service_role); admins decide (status and reason only), members read.
    access: { select: "viewer", insert: null, update: "admin", delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, request: { feature: "forged" }, amount: "1", expires_at: inAWeek() }),
    change: () => ({ status: "denied", reason: "Not this month" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  reservations: {
    // Written by checks, settled by ingest, expired by cron (service_role); members read.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, amount: "1", status: "held", request: {}, decision: "allow", answer: {} }),
    change: () => ({ status: "released" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  notification_channels: {
    // Members see where alerts go; admins manage. The signing secret is not granted to anyone but service_role.
    access: { select: "member", insert: "admin", update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ tenants, org }) => ({ org_id: org.id, kind: "email", name: "Candidate channel", destination: `candidate.${tenants.tag}@example.test` }),
    change: () => ({ name: "Renamed channel" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  alert_rules: {
    access: { select: "viewer", insert: "admin", update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({
      org_id: org.id, kind: "health", threshold: 10, service: "openai", metric: "error_rate", window_minutes: 15, min_requests: 10,
    }),
    change: () => ({ threshold: 42 }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  alerts: {
    // Fired by the evaluators (service_role); members acknowledge (alerts_acknowledge allows nothing else).
    access: { select: "viewer", insert: null, update: "member", delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, rule_id: randomUUID(), kind: "actual", severity: "info", period_start: "2026-03-01T00:00:00Z", delivery: "sent" }),
    change: () => ({ status: "acknowledged", ack_note: "Looking into it" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  alert_actions: {
    // What a rule does when it fires: admins add and remove them; runs are the system's.
    access: { select: "viewer", insert: "admin", update: null, delete: "admin" },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, rule_id: org.alertRuleId, kind: "enforce_hard" }),
    change: () => ({ kind: "suspend_key_scope" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  alert_action_runs: {
    // Written when alerts fire; admins only approve, decline or undo (the status column, checked by trigger).
    access: { select: "viewer", insert: null, update: "admin", delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, alert_id: randomUUID(), kind: "enforce_hard", status: "done", target: {} }),
    change: () => ({ status: "declined" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  connectors: {
    // Accounts with outside services: members see them (no secret is readable), admins manage them.
    access: { select: "viewer", insert: "admin", update: "admin", delete: "admin" },
    target: ({ org }) => ({ org_id: org.id, provider: "make" }),
    candidate: ({ org }) => ({ org_id: org.id, provider: "make", name: `Make ${randomUUID()}`, settings: { zone: "us1" }, credentials: "forged-token" }),
    change: () => ({ name: "Make (renamed)" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  connector_usage: {
    // What Make scenarios used: written by sync-connectors only; members read it.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, connector_id: randomUUID(), day: "2026-01-06", line_item: "forged", unit: "operations", quantity: "1" }),
    change: () => ({ quantity: "999" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  billed_costs: {
    // What providers billed: written by sync-connectors only; members read it.
    access: { select: "viewer", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, connector_id: randomUUID(), service: "openai", day: "2026-01-06", line_item: "forged", currency: "USD", amount: "1" }),
    change: () => ({ amount: "999" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  recommendation_states: {
    // People's decisions on computed recommendations: members dismiss, mark done and reopen; everyone reads them.
    access: { select: "viewer", insert: "member", update: "member", delete: "member" },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, key: `idle_budget:${randomUUID()}`, status: "done" }),
    change: () => ({ status: "done" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
  notifications: {
    // The outbox: written by the evaluators, drained by dispatch-notifications; admins read the delivery log.
    access: { select: "admin", insert: null, update: null, delete: null },
    target: ({ org }) => ({ org_id: org.id }),
    candidate: ({ org }) => ({ org_id: org.id, purpose: "test", channel: "email", destination: "forged@example.test", payload: { type: "test" } }),
    change: () => ({ status: "sent" }),
    immutable: ({ tenants, org }) => ({ org_id: otherOrg(tenants, org).id }),
  },
};

/** Relations in `public` that belong to no organization, each with the reason. */
export const untenanted: Record<string, string> = {};

function otherOrg(tenants: Tenants, org: Org): Org {
  return org.id === tenants.a.id ? tenants.b : tenants.a;
}

export function allows(access: Access, role: Role | null, crossTenant: boolean): boolean {
  if (crossTenant || access === null) return false;
  if (access === "signed-in") return true;
  return role !== null && isAtLeast(role, access);
}
