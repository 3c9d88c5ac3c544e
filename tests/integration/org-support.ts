/**
 * Shared by the org-* suites: points the app's server code (lib/db, lib/env) at the integration
 * stack, and makes real users through Auth so every verb runs with real JWT claims under RLS.
 */
import { decodeJwt } from "jose";
import type { UserClaims } from "../../lib/db/client.ts";
import { userActor, type UserActor } from "../../lib/tenancy/context.ts";
import { anonClient, gatewayUrl, publishableKey, secretKey, siteUrl, superuserSql, uniqueEmail } from "../helpers/local-stack.ts";
import { integrationPorts } from "../helpers/ports.ts";

// lib/env reads these lazily, on the first database call, so setting them at import is enough.
Object.assign(process.env, {
  NEXT_PUBLIC_SUPABASE_URL: gatewayUrl,
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: publishableKey,
  NEXT_PUBLIC_SITE_URL: siteUrl,
  SUPABASE_SECRET_KEY: secretKey,
  DATABASE_URL: `postgresql://postgres:postgres@127.0.0.1:${integrationPorts.db}/postgres`,
  SPENDGUARD_LOCAL_STACK: "1",
});

export const PASSWORD = "correct-horse-battery-staple";

export type TestUser = { email: string; claims: UserClaims; actor: UserActor };

/** Signs up a new user and returns their verified access-token claims. */
export async function newUser(label: string): Promise<TestUser> {
  const email = uniqueEmail(label);
  const { data, error } = await anonClient().auth.signUp({ email, password: PASSWORD });
  if (error || !data.session) throw new Error(`sign-up failed for ${email}: ${error?.message ?? "no session"}`);
  const claims = decodeJwt(data.session.access_token) as UserClaims;
  return { email, claims, actor: userActor(claims) };
}

export function uniqueSlug(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export { superuserSql };
