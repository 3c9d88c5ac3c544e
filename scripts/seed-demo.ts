/**
 * Demo data for `npm run dev`: a demo owner and a teammate to sign in with, created through the
 * Auth admin API as an operator would, the demo organization they share, created as the demo
 * user under RLS (so the owner membership and audit rows come from the real triggers), and 90
 * days of its usage (lib/core/demo) priced and written exactly as ingest does.
 * Idempotent: what exists already is left as it is.
 *
 * Scripts run under Node's type stripping, so only lib/core (relative imports, no `@/`, no
 * server-only) is used here: the catalog is read from supabase/seed-data as
 * lib/services/usage/price-catalog.ts reads it, and batches go straight to private.ingest_events.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { DEMO_DAYS, generateDemoUsage } from "../lib/core/demo/usage-generator.ts";
import { mergeCatalogs, parseCatalog, type PriceCatalog } from "../lib/core/pricing/catalog.ts";
import { EMPTY_FX_TABLE } from "../lib/core/pricing/fx.ts";
import { MAX_EVENTS_PER_REQUEST, isRejection, prepareEvent, type PreparedEvent } from "../lib/core/usage/ingest-event.ts";
import { periodBounds } from "../lib/core/budgets/periods.ts";
import { evaluateBudgets } from "../lib/alerting/evaluate-budgets.ts";

export const demoUser = { email: "demo@spendguard.local", password: "spendguard-demo" };
const teammate = { email: "teammate@spendguard.local", password: "spendguard-demo" };
const demoOrg = { name: "Acme Demo", slug: "acme-demo", base_currency: "USD", timezone: "Europe/Berlin" };

export async function seedDemo(env: Record<string, string>): Promise<void> {
  const admin = createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SECRET_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const ownerId = await ensureUser(admin, demoUser, "Demo User");
  const teammateId = await ensureUser(admin, teammate, "Tess Teammate");

  const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql<{ id: string }[]>`select id from public.organizations where slug = ${demoOrg.slug}`;
    const orgId = existing?.id ?? (await createDemoOrg(sql, ownerId, teammateId));
    await seedDemoUsage(sql, orgId);
    await seedDemoBudgets(sql, orgId, ownerId);
  } finally {
    await sql.end();
  }
}

async function createDemoOrg(sql: postgres.Sql, ownerId: string, teammateId: string): Promise<string> {
  const orgId = randomUUID();
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true),
                    set_config('request.jwt.claims', ${JSON.stringify({ sub: ownerId, role: "authenticated", email: demoUser.email })}, true)`;
    await tx`insert into public.organizations ${tx({ id: orgId, ...demoOrg })}`;
  });
  // Operators (service_role) may add members directly; people join through invitations.
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true)`;
    await tx`insert into public.memberships (org_id, user_id, role) values (${orgId}, ${teammateId}, 'member')`;
  });
  return orgId;
}

function seedCatalog(): PriceCatalog {
  const read = (file: string) => parseCatalog(JSON.parse(readFileSync(path.join(import.meta.dirname, "../supabase/seed-data", file), "utf8")));
  // Hand-written entries first, then the genai-prices import: earlier wins.
  return mergeCatalogs(read("price-catalog.manual.json"), read("price-catalog.genai-prices.json"));
}

/**
 * The demo organization's usage, only while it has none (the event ids make a rerun a no-op
 * anyway, but skipping saves the work on every start). Priced with the catalog alone: a demo
 * organization has no price overrides or FX rates of its own.
 */
async function seedDemoUsage(sql: postgres.Sql, orgId: string): Promise<void> {
  const [org] = await sql<{ timezone: string; base_currency: string; has_usage: boolean }[]>`
    select o.timezone, o.base_currency, exists (select 1 from public.usage_events e where e.org_id = o.id) as has_usage
    from public.organizations o where o.id = ${orgId}`;
  if (org.has_usage) return;

  const started = performance.now();
  const now = Date.now();
  const pricing = { baseCurrency: org.base_currency, catalog: seedCatalog(), fx: EMPTY_FX_TABLE };
  const events = generateDemoUsage({ now, timeZone: org.timezone });
  console.log(`[demo] Seeding ${DEMO_DAYS} days of usage for ${demoOrg.name} (${events.length.toLocaleString("en-US")} events)…`);
  const prepared: PreparedEvent[] = events.map((event, index) => {
    const result = prepareEvent(event, index, { pricing, now });
    if (isRejection(result)) throw new Error(`Demo event ${event.id} was rejected: ${result.code} ${result.message}`);
    return result;
  });

  let accepted = 0;
  for (let start = 0; start < prepared.length; start += MAX_EVENTS_PER_REQUEST) {
    const batch = prepared.slice(start, start + MAX_EVENTS_PER_REQUEST);
    const [row] = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true),
                      set_config('request.jwt.claims', ${JSON.stringify({ role: "service_role", org_id: orgId })}, true)`;
      return tx<{ inserted: number }[]>`
        select count(*) filter (where inserted)::int as inserted
        from private.ingest_events(${orgId}, null, 'demo', ${tx.json(batch as never)})`;
    });
    accepted += row.inserted;
  }
  console.log(`[demo] Seeded ${accepted.toLocaleString("en-US")} events over ${DEMO_DAYS} days in ${((performance.now() - started) / 1000).toFixed(1)}s.`);
}

/**
 * A few budgets sized from this month's demo spend, so the dashboard, the budget pages and the
 * alert center have something true to show: the whole AI spend (about 72 % used — on track to
 * be forecast over), with two children (search near its limit, support comfortable) and a
 * per-customer budget. Their ledgers are built from the stored events and their default alert
 * rules evaluated, as creating them in the app does. Only while the organization has no budget.
 */
async function seedDemoBudgets(sql: postgres.Sql, orgId: string, ownerId: string): Promise<void> {
  const [org] = await sql<{ timezone: string; has_budgets: boolean; oldest: Date | null }[]>`
    select o.timezone, exists (select 1 from public.budgets b where b.org_id = o.id) as has_budgets,
      (select min(e.occurred_at) from public.usage_events e where e.org_id = o.id) as oldest
    from public.organizations o where o.id = ${orgId}`;
  if (org.has_budgets || !org.oldest) return;
  const now = Date.now();
  const [mtd] = await sql<{ all: number; search: number; support: number }[]>`
    select coalesce(sum(cost), 0)::float8 as all,
      coalesce(sum(cost) filter (where team = 'platform' and project = 'search'), 0)::float8 as search,
      coalesce(sum(cost) filter (where team = 'support'), 0)::float8 as support
    from public.usage_events
    where org_id = ${orgId} and occurred_at >= date_trunc('month', now() at time zone ${org.timezone}) at time zone ${org.timezone}`;
  // Round numbers people would pick, at the share of the budget each should show.
  const sized = (spent: number, share: number, step: number) => Math.max(step, Math.ceil(spent / share / step) * step);
  const search = sized(mtd.search, 0.9, 10);
  const support = sized(mtd.support, 0.55, 10);
  const all = Math.max(sized(mtd.all, 0.72, 50), search + support + 50);
  const monthly = { kind: "monthly" as const, startDay: 1 };

  const ids = await sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true),
                    set_config('request.jwt.claims', ${JSON.stringify({ sub: ownerId, role: "authenticated", email: demoUser.email })}, true)`;
    const insert = async (fields: Record<string, unknown>) => {
      const [row] = await tx<{ id: string }[]>`
        insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, per, parent_id, enforcement)
        values (${orgId}, ${String(fields.name)}, ${String(fields.amount)}, 'USD', ${tx.json(monthly)}, ${org.timezone},
          ${tx.json((fields.scope ?? {}) as never)}, ${(fields.per as string | undefined) ?? null}, ${(fields.parent_id as string | undefined) ?? null},
          ${(fields.enforcement as string | undefined) ?? "soft"})
        returning id`;
      return row.id;
    };
    const parent = await insert({ name: "All AI spend", amount: all });
    return [
      parent,
      await insert({ name: "Search", amount: search, scope: { team: "platform", project: "search" }, parent_id: parent, enforcement: "hard" }),
      await insert({ name: "Support", amount: support, scope: { team: "support" }, parent_id: parent }),
      await insert({ name: "Support bot, per customer", amount: 5, scope: { project: "support-bot" }, per: "end_user" }),
    ];
  });

  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true)`;
    const bounds = periodBounds(monthly, org.timezone, org.oldest!.getTime(), now)
      .map((bound, index) => (bound === null ? (index === 0 ? "-infinity" : "infinity") : new Date(bound).toISOString()));
    for (const id of ids) await tx`select private.rebuild_budget_ledgers(${orgId}, ${id}, ${bounds}::text[]::timestamptz[])`;
    await evaluateBudgets(tx, orgId, ids, now);
  });
  console.log(`[demo] Created ${ids.length} budgets for ${demoOrg.name} (all AI spend $${all}, search $${search}, support $${support}).`);
}

type AdminClient = SupabaseClient;

async function ensureUser(admin: AdminClient, user: { email: string; password: string }, fullName: string): Promise<string> {
  const { data, error } = await admin.auth.admin.createUser({
    email: user.email,
    password: user.password,
    email_confirm: true,
    user_metadata: { full_name: fullName },
  });
  if (data.user) return data.user.id;
  if (error && error.code !== "email_exists" && error.code !== "user_already_exists") {
    throw new Error(`Could not seed ${user.email}: ${error.message}`);
  }
  const { data: list, error: listError } = await admin.auth.admin.listUsers({ perPage: 1000 });
  const found = list?.users.find((u) => u.email === user.email);
  if (!found) throw new Error(`Could not find the seeded user ${user.email}: ${listError?.message ?? "not listed"}`);
  return found.id;
}
