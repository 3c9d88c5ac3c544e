/**
 * Emailed sign-in and recovery end to end: the official client asks for the email, the test reads
 * what the stack captured in local_dev.outbox, and follows it the way the app (/auth/confirm with
 * verifyOtp) or a browser (the GoTrue /verify link) would.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { anonClient, gatewayUrl, publishableKey, siteUrl, superuserSql, uniqueEmail } from "../helpers/local-stack.ts";
import { authEmailCount, lastAuthEmail } from "../helpers/mail.ts";
import { footprint, postAuth } from "./auth-helpers.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const password = "correct-horse-battery";

/** A PKCE client as @supabase/ssr builds one, keeping its code verifier in memory. */
function pkceClient(): SupabaseClient {
  const store = new Map<string, string>();
  return createClient(gatewayUrl, publishableKey, {
    auth: {
      flowType: "pkce",
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storage: {
        getItem: (key) => store.get(key) ?? null,
        setItem: (key, value) => void store.set(key, value),
        removeItem: (key) => void store.delete(key),
      },
    },
  });
}

async function emailTo(email: string) {
  const mail = await lastAuthEmail(sql, email);
  if (!mail) throw new Error(`no email captured for ${email}`);
  return mail;
}

describe("magic link", () => {
  it("signs a new user in through the emailed token_hash (the app's /auth/confirm)", async () => {
    const email = uniqueEmail("magic");
    const client = anonClient();
    const sent = await client.auth.signInWithOtp({ email, options: { emailRedirectTo: `${siteUrl}/dashboard`, data: { plan: "team" } } });
    expect(sent.error).toBeNull();
    expect(sent.data).toEqual({ user: null, session: null });

    const mail = await emailTo(email);
    expect(mail.subject).toBe("Your Spendguard sign-in link");
    expect(mail.meta).toMatchObject({ type: "magiclink", redirect_to: `${siteUrl}/dashboard` });
    expect(mail.meta.token).toMatch(/^\d{6}$/);
    expect(mail.meta.token_hash).toMatch(/^[0-9a-f]{56}$/);
    const link = new URL(mail.meta.link);
    expect(`${link.origin}${link.pathname}`).toBe(`${siteUrl}/auth/confirm`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ token_hash: mail.meta.token_hash, type: "magiclink", next: `${siteUrl}/dashboard` });
    expect(mail.body_html).toContain(mail.meta.token);
    expect(mail.body_html).toContain("Spendguard");
    expect(mail.body_text).toContain(mail.meta.token);
    expect(mail.body_text).toContain("/auth/confirm?token_hash=");
    expect(mail.meta.confirmation_url).toBe(
      `${gatewayUrl}/auth/v1/verify?token=${mail.meta.token_hash}&type=magiclink&redirect_to=${encodeURIComponent(`${siteUrl}/dashboard`)}`,
    );

    const verified = await client.auth.verifyOtp({ token_hash: link.searchParams.get("token_hash")!, type: "magiclink" });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.access_token).toBeTruthy();
    expect(verified.data.user).toMatchObject({ email, user_metadata: { plan: "team", email_verified: true } });
    const claims = await client.auth.getClaims();
    expect(claims.data?.claims.amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);

    // One-time: the same link cannot be used twice.
    const again = await anonClient().auth.verifyOtp({ token_hash: mail.meta.token_hash, type: "magiclink" });
    expect(again.error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });
  });

  it("signs in with the 6-digit code typed in", async () => {
    const email = uniqueEmail("code");
    const client = anonClient();
    await client.auth.signInWithOtp({ email });
    const mail = await emailTo(email);
    const wrong = await client.auth.verifyOtp({ email, token: mail.meta.token === "000000" ? "111111" : "000000", type: "email" });
    expect(wrong.error).toMatchObject({ status: 403, code: "otp_expired", message: "Token has expired or is invalid" });
    const verified = await client.auth.verifyOtp({ email, token: mail.meta.token, type: "email" });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.user.email).toBe(email);
  });

  it("redirects the GoTrue link with the session in the fragment, and reports a spent link there too", async () => {
    const email = uniqueEmail("implicit");
    await anonClient().auth.signInWithOtp({ email, options: { emailRedirectTo: `${siteUrl}/welcome` } });
    const mail = await emailTo(email);

    const response = await fetch(mail.meta.confirmation_url, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${siteUrl}/welcome`);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get("token_type")).toBe("bearer");
    expect(fragment.get("type")).toBe("magiclink");
    expect(fragment.get("expires_in")).toBe("3600");
    const user = await anonClient().auth.getUser(fragment.get("access_token")!);
    expect(user.data.user?.email).toBe(email);

    const spent = await fetch(mail.meta.confirmation_url, { redirect: "manual" });
    expect(spent.status).toBe(303);
    const error = new URLSearchParams(new URL(spent.headers.get("location")!).hash.slice(1));
    expect(Object.fromEntries(error)).toEqual({
      error: "access_denied",
      error_code: "otp_expired",
      error_description: "Email link is invalid or has expired",
    });
  });

  it("sends links only to allowed redirect URLs, falling back to the site URL", async () => {
    const email = uniqueEmail("redirect");
    await anonClient().auth.signInWithOtp({ email, options: { emailRedirectTo: "https://evil.example/steal" } });
    expect((await emailTo(email)).meta.redirect_to).toBe(siteUrl);
    await anonClient().auth.signInWithOtp({ email, options: { emailRedirectTo: "http://localhost:3000/auth/callback" } });
    expect((await emailTo(email)).meta.redirect_to).toBe("http://localhost:3000/auth/callback");
  });

  it("refuses unknown addresses when create_user is false, writing nothing", async () => {
    const email = uniqueEmail("nocreate");
    const result = await anonClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } });
    expect(result.error).toMatchObject({ status: 422, code: "otp_disabled", message: "Signups not allowed for otp" });
    expect(await footprint(sql, email)).toMatchObject({ users: 0, identities: 0, emails: 0 });
  });

  it("rejects an expired link with otp_expired and creates no session", async () => {
    const email = uniqueEmail("expired");
    const client = anonClient();
    await client.auth.signUp({ email, password });
    await client.auth.signInWithOtp({ email });
    const mail = await emailTo(email);
    await sql`update auth.users set recovery_sent_at = now() - interval '2 hours' where email = ${email}`;
    const before = await footprint(sql, email);
    const result = await anonClient().auth.verifyOtp({ token_hash: mail.meta.token_hash, type: "magiclink" });
    expect(result.error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });
    expect(await footprint(sql, email)).toEqual(before);
  });
});

describe("PKCE", () => {
  it("exchanges the code from the verified link for a session, once", async () => {
    const email = uniqueEmail("pkce");
    const client = pkceClient();
    const sent = await client.auth.signInWithOtp({ email, options: { emailRedirectTo: `${siteUrl}/auth/callback` } });
    expect(sent.error).toBeNull();
    const mail = await emailTo(email);
    expect(mail.meta.token_hash.startsWith("pkce_")).toBe(true);
    const [flow] = await sql`select code_challenge_method, authentication_method, provider_type from auth.flow_state where user_id = ${mail.meta.user_id}`;
    expect(flow).toEqual({ code_challenge_method: "s256", authentication_method: "magiclink", provider_type: "magiclink" });

    const response = await fetch(mail.meta.confirmation_url, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${siteUrl}/auth/callback`);
    const code = location.searchParams.get("code")!;
    expect(code).toMatch(/^[0-9a-f-]{36}$/);

    const exchanged = await client.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.session?.user.email).toBe(email);
    const claims = await client.auth.getClaims();
    expect(claims.data?.claims.amr).toEqual([{ method: "magiclink", timestamp: expect.any(Number) }]);

    const replay = await postAuth("/token?grant_type=pkce", { auth_code: code, code_verifier: "x".repeat(43) });
    expect(replay.status).toBe(404);
    expect(await replay.json()).toEqual({ code: "flow_state_not_found", message: "invalid flow state, no valid flow state found" });
  });

  it("refuses a wrong code verifier and keeps the flow", async () => {
    const email = uniqueEmail("verifier");
    await pkceClient().auth.signInWithOtp({ email });
    const mail = await emailTo(email);
    const location = new URL((await fetch(mail.meta.confirmation_url, { redirect: "manual" })).headers.get("location")!);
    const code = location.searchParams.get("code")!;
    const before = await footprint(sql, email);
    const wrong = await postAuth("/token?grant_type=pkce", { auth_code: code, code_verifier: "y".repeat(43) });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ code: "bad_code_verifier", message: "code challenge does not match previously saved code verifier" });
    expect(await footprint(sql, email)).toEqual(before);
  });

  it("also verifies a PKCE email's token_hash directly (server-side /auth/confirm)", async () => {
    const email = uniqueEmail("pkcehash");
    await pkceClient().auth.signInWithOtp({ email });
    const mail = await emailTo(email);
    const verified = await anonClient().auth.verifyOtp({ token_hash: mail.meta.token_hash, type: "magiclink" });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email).toBe(email);
  });
});

describe("password recovery", () => {
  it("resets the password through the recovery email", async () => {
    const email = uniqueEmail("recover");
    const newPassword = "a-brand-new-passphrase";
    const client = anonClient();
    await client.auth.signUp({ email, password });
    await client.auth.signOut();

    const requested = await client.auth.resetPasswordForEmail(email, { redirectTo: `${siteUrl}/account/password` });
    expect(requested.error).toBeNull();
    const mail = await emailTo(email);
    expect(mail.subject).toBe("Reset your Spendguard password");
    expect(mail.meta).toMatchObject({ type: "recovery", redirect_to: `${siteUrl}/account/password` });
    expect(new URL(mail.meta.link).searchParams.get("type")).toBe("recovery");

    const verified = await client.auth.verifyOtp({ token_hash: mail.meta.token_hash, type: "recovery" });
    expect(verified.error).toBeNull();
    const updated = await client.auth.updateUser({ password: newPassword });
    expect(updated.error).toBeNull();

    const withOld = await anonClient().auth.signInWithPassword({ email, password });
    expect(withOld.error).toMatchObject({ status: 400, code: "invalid_credentials" });
    const withNew = await anonClient().auth.signInWithPassword({ email, password: newPassword });
    expect(withNew.error).toBeNull();
    // The session that changed the password survives; the change signed out no one else here.
    expect((await client.auth.getUser()).error).toBeNull();
  });

  it("answers {} for an unknown address and sends nothing", async () => {
    const email = uniqueEmail("nobody");
    const response = await postAuth("/recover", { email });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(await authEmailCount(sql, email)).toBe(0);
  });
});
