/**
 * Two organizations and their people, made the way the app makes them: users as rows in
 * auth.users, then each organization created by its owner acting as themselves, and everyone else
 * invited by that owner and accepting as themselves, so the triggers add the owner and write the
 * audit log, and private.accept_invitation adds the others, exactly as in production. Each org
 * therefore also holds one accepted invitation per member besides its owner.
 *
 * Org A has one person per role plus a `subject` (a plain member that writes aim at, so no actor
 * ever targets their own row); org B has an owner and a subject. The outsider belongs nowhere and
 * is who org A's pending invitation was sent to. Each org's owner also made one API key, one FX
 * rate, one price override and one budget, and each org holds one usage event (hence one spend
 * rollup and one budget ledger row), written by private.ingest_events and private.add_to_ledgers,
 * and one pending approval with its waiting reservation, written by private.record_check.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { actAs, type Person } from "./acting.ts";

export type { Person };

/** Least to most power, as `public.org_role` orders them (kept apart from app code on purpose). */
export const roles = ["viewer", "member", "admin", "owner"] as const;
export type Role = (typeof roles)[number];

export function isAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(minimum);
}

export type Invitation = { id: string; email: string; role: Role; token: string };

/** An active API key and its secret, made by the org's owner through private.create_api_key. */
export type ApiKey = { id: string; secret: string };

export type Org = {
  id: string;
  name: string;
  slug: string;
  owner: Person;
  subject: Person;
  invitation: Invitation;
  apiKey: ApiKey;
  /** The fixture budget's 80 % rule (without actions, for inserting one). */
  alertRuleId: string;
};

export type OrgA = Org & { admin: Person; member: Person; viewer: Person };

export type Tenants = { tag: string; a: OrgA; b: Org; outsider: Person; people: Person[] };

/** Who acts in the isolation matrix: nobody of org A, then each of its roles. */
export const actorNames = ["outsider", "viewer", "member", "admin", "owner"] as const;
export type ActorName = (typeof actorNames)[number];

export function roleOf(name: ActorName): Role | null {
  return name === "outsider" ? null : name;
}

export function actorPerson(tenants: Tenants, name: ActorName): Person {
  return name === "outsider" ? tenants.outsider : tenants.a[name];
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** As the migration stores it: hex(sha256(token)). */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A per-file tag keeps emails and slugs apart when files share a cluster. */
export function uniqueTag(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

async function createUser(sql: Sql, email: string, fullName: string): Promise<Person> {
  const id = randomUUID();
  await sql`
    insert into auth.users (id, aud, role, email, raw_user_meta_data, email_confirmed_at, created_at, updated_at)
    values (${id}, 'authenticated', 'authenticated', ${email}, ${sql.json({ full_name: fullName })}, now(), now(), now())`;
  return { id, email };
}

/** Creates the org as its owner, who invites the others (each accepts), and sends one more invitation. */
async function createOrg(sql: Sql, org: { name: string; slug: string; owner: Person }, others: [Person, Role][], invitee: string): Promise<{ id: string; invitation: Invitation; apiKey: ApiKey; alertRuleId: string }> {
  const id = randomUUID();
  const invitation: Invitation = { id: randomUUID(), email: invitee, role: "member", token: newToken() };
  const apiKey: ApiKey = { id: "", secret: `sg_${newToken()}` };
  const budgetId = randomUUID();
  await sql.begin(async (tx) => {
    await actAs(tx, org.owner);
    // No RETURNING: the creator can only see the row once the after-insert trigger made them owner.
    await tx`insert into public.organizations (id, name, slug) values (${id}, ${org.name}, ${org.slug})`;
    for (const [person, role] of others) {
      const token = newToken();
      await actAs(tx, org.owner);
      await tx`
        insert into public.invitations (org_id, email, role, token_hash, expires_at)
        values (${id}, ${person.email}, ${role}, ${tokenHash(token)}, now() + interval '7 days')`;
      await actAs(tx, person);
      await tx`select private.accept_invitation(${token})`;
    }
    await actAs(tx, org.owner);
    await tx`
      insert into public.invitations (id, org_id, email, role, token_hash, expires_at)
      values (${invitation.id}, ${id}, ${invitation.email}, ${invitation.role}, ${tokenHash(invitation.token)}, now() + interval '7 days')`;
    const [key] = await tx<{ id: string }[]>`
      select private.create_api_key(${id}, 'Fixture key', ${["ingest", "read"]}, ${apiKey.secret.slice(0, 11)}, ${tokenHash(apiKey.secret)}) as id`;
    apiKey.id = key.id;
    await tx`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${id}, 'EUR', '2026-01-01', '1.08')`;
    await tx`
      insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
      values (${id}, 'openai', 'gpt-4o', '2026-01-01T00:00:00Z', 'USD', ${sql.json({ input_token: "0.0000024" })})`;
    await tx`
      insert into public.budgets (id, org_id, name, amount, currency, period, timezone)
      values (${budgetId}, ${id}, 'Fixture budget', '100', 'USD', ${sql.json({ kind: "monthly", startDay: 1 })}, 'UTC')`;
  });
  // One event (and so one rollup row) per org, written the way ingest writes them.
  const event = {
    idx: 0, client_event_id: "fixture-1", occurred_at: "2026-01-01T00:00:00Z", service: "openai", model: "gpt-4o",
    quantities: { input_token: "10" }, cost: "0.000025", currency: "USD", pricing_status: "provided",
  };
  await sql`select * from private.ingest_events(${id}, ${apiKey.id}, 'api', ${sql.json([event])})`;
  await sql`select private.add_to_ledgers(${id}, ${sql.json([{ budget_id: budgetId, period_start: "2026-01-01T00:00:00Z", subject: "", spent: "0.000025", events: 1, unpriced: 0 }])})`;
  // One stored forecast, as run-forecasts writes it.
  await sql`
    insert into public.budget_forecasts (org_id, budget_id, period_start, method, backtest_error, history_days, forecast)
    values (${id}, ${budgetId}, '2026-01-01T00:00:00Z', 'run_rate', null, 0, '{}')`;
  // One verified email channel, and one fired alert (its outbox row goes to the budget's creator),
  // as the channel services and the evaluators write them.
  await sql`
    insert into public.notification_channels (org_id, kind, name, destination, verified_at)
    values (${id}, 'email', 'Fixture channel', ${`alerts.${org.slug}@example.test`}, now())`;
  const [rule] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetId} and threshold = 50`;
  // An action on that rule that waits for approval, so firing it leaves one waiting run.
  await sql`insert into public.alert_actions (org_id, rule_id, kind, requires_approval) values (${id}, ${rule.id}, 'enforce_hard', true)`;
  // A Make connector (its token goes to Vault), for the connectors' rows in the isolation matrix.
  const [make] = await sql<{ id: string }[]>`insert into public.connectors (org_id, provider, name, settings, credentials)
    values (${id}, 'make', 'Make', ${sql.json({ zone: "eu1", team_id: 215 })}, ${`make-token-${newToken()}`}) returning id`;
  await sql`insert into public.connector_usage (org_id, connector_id, day, line_item, unit, quantity)
    values (${id}, ${make.id}, '2026-01-05', 'Newsletter (#925)', 'operations', 120)`;
  // A cost connector with one synced day, as sync-connectors writes it.
  const [costs] = await sql<{ id: string }[]>`
    insert into public.connectors (org_id, provider, name, credentials) values (${id}, 'openai', 'OpenAI costs', ${`sk-admin-${newToken()}`}) returning id`;
  await sql`insert into public.billed_costs (org_id, connector_id, service, day, line_item, currency, amount)
    values (${id}, ${costs.id}, 'openai', '2026-01-05', 'gpt-4o, input', 'USD', '1.25')`;
  const fire = {
    rule_id: rule.id, subject: "", period_start: "2026-01-01T00:00:00Z", period_end: "2026-02-01T00:00:00Z", notify: "sent",
    facts: { kind: "actual", currency: "USD", threshold: 50, amount: "100", spent: "50", percent: 50 },
  };
  await sql`select private.record_alerts(${id}, ${sql.json({ fire: [fire] })})`;
  // One pending approval request with its waiting reservation, as a check writes them.
  await sql`select private.record_check(${id}, ${sql.json({
    amount: "1", status: "awaiting_approval", ttl_seconds: 60, request: { estimated_cost: "1" }, decision: "require_approval", answer: {},
    holds: [{ budget_id: budgetId, period_start: "2026-01-01T00:00:00Z", subject: "" }], api_key_id: apiKey.id, idempotency_key: null,
    approval: { budgets: [], expires_in_seconds: 604800 },
  })})`;
  const [rule80] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetId} and threshold = 80`;
  // One dismissed recommendation, as a member's decision stores it.
  await sql`insert into public.recommendation_states (org_id, key, status) values (${id}, ${`idle_budget:${budgetId}`}, 'dismissed')`;
  return { id, invitation, apiKey, alertRuleId: rule80.id };
}

export async function createTenants(sql: Sql, tag: string): Promise<Tenants> {
  const person = (who: string) => createUser(sql, `${who}.${tag}@example.test`, `${who} ${tag}`);
  const [ownerA, adminA, memberA, viewerA, subjectA, ownerB, subjectB, outsider] = await Promise.all(
    ["owner-a", "admin-a", "member-a", "viewer-a", "subject-a", "owner-b", "subject-b", "outsider"].map(person));

  const aNames = { name: `Org A ${tag}`, slug: `${tag}-a`, owner: ownerA };
  const a = await createOrg(sql, aNames, [[adminA, "admin"], [memberA, "member"], [viewerA, "viewer"], [subjectA, "member"]], outsider.email);
  const bNames = { name: `Org B ${tag}`, slug: `${tag}-b`, owner: ownerB };
  const b = await createOrg(sql, bNames, [[subjectB, "member"]], `stranger.${tag}@example.test`);

  return {
    tag,
    a: { ...aNames, ...a, subject: subjectA, admin: adminA, member: memberA, viewer: viewerA },
    b: { ...bNames, ...b, subject: subjectB },
    outsider,
    people: [ownerA, adminA, memberA, viewerA, subjectA, ownerB, subjectB, outsider],
  };
}

/** Deleting the organizations cascades to everything in them (audit included), then the users go. */
export async function dropTenants(sql: Sql, tenants: Tenants): Promise<void> {
  await sql`delete from public.organizations where id in ${sql([tenants.a.id, tenants.b.id])}`;
  await sql`delete from auth.users where id in ${sql(tenants.people.map((p) => p.id))}`;
}
