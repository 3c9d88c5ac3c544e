/**
 * Demo data for `npm run dev`: a demo owner and a teammate to sign in with, created through the
 * Auth admin API as an operator would, and the demo organization they share, created as the demo
 * user under RLS (so the owner membership and audit rows come from the real triggers).
 * Idempotent: what exists already is left as it is.
 */
import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";

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
    const [existing] = await sql`select id from public.organizations where slug = ${demoOrg.slug}`;
    if (existing) return;
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
  } finally {
    await sql.end();
  }
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
