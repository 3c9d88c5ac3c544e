/**
 * A benchmark's organization and its owner: a real account signed up through the local Auth
 * service, the organization created as that user (so the triggers make them its owner), and the
 * OrgContext the app's services take — what a signed-in member's request carries.
 */
import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";

export type BenchOwner = {
  org: string;
  slug: string;
  owner: string;
  email: string;
  password: string;
  ctx: {
    org: { id: string; name: string; slug: string; baseCurrency: string; timezone: string; createdAt: Date; role: "owner"; retentionMonths: number };
    actor: { type: "user"; userId: string; email: string; claims: { sub: string; role: string; email: string } };
  };
};

export async function createBenchOwner(sql: Sql, env: Record<string, string>, label: string): Promise<BenchOwner> {
  const email = `bench-${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const signup = await fetch(`${env.NEXT_PUBLIC_SUPABASE_URL}/auth/v1/signup`, {
    method: "POST", headers: { apikey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!signup.ok) throw new Error(`sign-up answered ${signup.status}: ${await signup.text()}`);
  const [{ id: owner }] = await sql<{ id: string }[]>`select id from auth.users where email = ${email}`;
  const org = randomUUID();
  const slug = `bench-${label}-${org.slice(0, 8)}`;
  const name = `Bench ${label}`;
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: owner, role: "authenticated" })}, true)`;
    await tx`insert into public.organizations (id, name, slug) values (${org}, ${name}, ${slug})`;
  });
  const [row] = await sql<{ created_at: Date }[]>`select created_at from public.organizations where id = ${org}`;
  return {
    org, slug, owner, email, password,
    ctx: {
      org: { id: org, name, slug, baseCurrency: "USD", timezone: "UTC", createdAt: row.created_at, role: "owner", retentionMonths: 13 },
      actor: { type: "user", userId: owner, email, claims: { sub: owner, role: "authenticated", email } },
    },
  };
}
