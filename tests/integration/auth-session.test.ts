/**
 * Password accounts end to end with the official client: sign up, sign in, verify the access
 * token locally through the JWKS, rotate refresh tokens (with GoTrue's reuse rules), sign out.
 */
import { createClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { signingJwk } from "../../supabase/local/config.ts";
import { anonClient, gatewayUrl, publishableKey, superuserSql, uniqueEmail } from "../helpers/local-stack.ts";
import { authHeaders, authUrl, postAuth } from "./auth-helpers.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const password = "correct-horse-battery";

async function refreshRaw(refreshToken: string) {
  const response = await postAuth("/token?grant_type=refresh_token", { refresh_token: refreshToken });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("password sign-up and sign-in", () => {
  it("signs up (auto-confirmed), signs in and verifies the token through the JWKS", async () => {
    const email = uniqueEmail("session");
    const requested: string[] = [];
    const client = createClient(gatewayUrl, publishableKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: {
        fetch: (input, init) => {
          requested.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
          return fetch(input, init);
        },
      },
    });

    const signUp = await client.auth.signUp({ email, password, options: { data: { full_name: "Ada Lovelace" } } });
    expect(signUp.error).toBeNull();
    expect(signUp.data.session?.access_token).toBeTruthy();
    expect(signUp.data.user).toMatchObject({
      email,
      aud: "authenticated",
      role: "authenticated",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { full_name: "Ada Lovelace", email_verified: true },
      is_anonymous: false,
    });
    expect(signUp.data.user?.email_confirmed_at).toBeTruthy();

    const [stored] = await sql`
      select u.encrypted_password, u.email_confirmed_at, i.provider, i.provider_id, i.identity_data
      from auth.users u join auth.identities i on i.user_id = u.id where u.email = ${email}`;
    expect(stored.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
    expect(stored.provider).toBe("email");
    expect(stored.identity_data).toMatchObject({ sub: signUp.data.user!.id, email, email_verified: false, phone_verified: false });

    const signIn = await client.auth.signInWithPassword({ email, password });
    expect(signIn.error).toBeNull();
    const session = signIn.data.session!;
    expect(session.token_type).toBe("bearer");
    expect(session.expires_in).toBe(3600);
    expect(session.refresh_token).toMatch(/^[a-z0-9]{12}$/);

    requested.length = 0;
    const claims = await client.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data!.header).toMatchObject({ alg: "ES256", typ: "JWT", kid: signingJwk.kid });
    const now = Math.floor(Date.now() / 1000);
    expect(claims.data!.claims).toMatchObject({
      iss: `${gatewayUrl}/auth/v1`,
      aud: "authenticated",
      sub: signIn.data.user!.id,
      email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { full_name: "Ada Lovelace", email_verified: true },
    });
    expect(claims.data!.claims.exp - claims.data!.claims.iat).toBe(3600);
    expect(Math.abs(claims.data!.claims.iat - now)).toBeLessThan(5);
    expect(claims.data!.claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    const [sessionRow] = await sql`select id, aal from auth.sessions where id = ${claims.data!.claims.session_id as string}`;
    expect(sessionRow.aal).toBe("aal1");
    // Verified locally with the published key: the JWKS was fetched and /user never called.
    expect(requested).toContain("/auth/v1/.well-known/jwks.json");
    expect(requested).not.toContain("/auth/v1/user");
  });

  it("serves the JWKS public and cacheable, without the HMAC secret", async () => {
    // No API key: token verifiers fetch it as a public document.
    const response = await fetch(`${authUrl}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=600");
    const body = await response.json();
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", kid: signingJwk.kid, alg: "ES256" });
    expect(body.keys[0].d).toBeUndefined();
  });
});

describe("service information", () => {
  it("reports its settings and health", async () => {
    const settings = await (await fetch(`${authUrl}/settings`, { headers: authHeaders() })).json();
    expect(settings).toMatchObject({ disable_signup: false, mailer_autoconfirm: true, external: { email: true, phone: false, github: false } });
    const health = await fetch(`${authUrl}/health`, { headers: authHeaders() });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ name: "GoTrue" });
  });
});

describe("refresh token rotation", () => {
  async function signedIn() {
    const email = uniqueEmail("rotate");
    const client = anonClient();
    await client.auth.signUp({ email, password });
    const { data } = await client.auth.signInWithPassword({ email, password });
    return { client, session: data.session! };
  }

  it("issues a child token on every use and revokes the parent", async () => {
    const { client, session } = await signedIn();
    const refreshed = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toBeNull();
    const next = refreshed.data.session!;
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect(next.access_token).not.toBe(session.access_token);

    const rows = await sql`select token, revoked, parent from auth.refresh_tokens where token in ${sql([session.refresh_token, next.refresh_token])}`;
    const byToken = Object.fromEntries(rows.map((row) => [row.token, row]));
    expect(byToken[session.refresh_token]).toMatchObject({ revoked: true, parent: null });
    expect(byToken[next.refresh_token]).toMatchObject({ revoked: false, parent: session.refresh_token });
    const [{ refreshed_at }] = await sql`select refreshed_at from auth.sessions s join auth.refresh_tokens r on r.session_id = s.id where r.token = ${next.refresh_token}`;
    expect(refreshed_at).not.toBeNull();
  });

  it("answers a reused parent with the active token (the client lost the last response)", async () => {
    const { session } = await signedIn();
    const first = await refreshRaw(session.refresh_token);
    const second = await refreshRaw(first.body.refresh_token);
    const reused = await refreshRaw(first.body.refresh_token);
    expect(reused.status).toBe(200);
    expect(reused.body.refresh_token).toBe(second.body.refresh_token);
  });

  it("allows an older token within refresh_token_reuse_interval, and revokes the session after it", async () => {
    const { session } = await signedIn();
    const first = await refreshRaw(session.refresh_token);
    await refreshRaw(first.body.refresh_token);
    // The original token is two generations old: only the 10 s reuse interval can excuse it.
    const withinInterval = await refreshRaw(session.refresh_token);
    expect(withinInterval.status).toBe(200);

    const { session: other } = await signedIn();
    const otherFirst = await refreshRaw(other.refresh_token);
    const otherSecond = await refreshRaw(otherFirst.body.refresh_token);
    await sql`update auth.refresh_tokens set updated_at = now() - interval '11 seconds' where token = ${other.refresh_token}`;
    const late = await refreshRaw(other.refresh_token);
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ code: "refresh_token_already_used", message: "Invalid Refresh Token: Already Used" });
    expect(late.headers.get("x-sb-error-code")).toBe("refresh_token_already_used");
    const [{ active }] = await sql`
      select count(*)::int as active from auth.refresh_tokens
      where session_id = (select session_id from auth.refresh_tokens where token = ${otherSecond.body.refresh_token}) and not revoked`;
    expect(active).toBe(0);
  });

  it("rejects an unknown refresh token", async () => {
    const unknown = await refreshRaw("notarealtokn");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ code: "refresh_token_not_found", message: "Invalid Refresh Token: Refresh Token Not Found" });
  });
});

describe("user and sign-out", () => {
  it("returns the user, then refuses the token once its session is signed out", async () => {
    const email = uniqueEmail("signout");
    const client = anonClient();
    await client.auth.signUp({ email, password });
    const { data } = await client.auth.signInWithPassword({ email, password });
    const accessToken = data.session!.access_token;

    const user = await client.auth.getUser();
    expect(user.error).toBeNull();
    expect(user.data.user).toMatchObject({ id: data.user!.id, email });
    expect(user.data.user!.identities).toEqual([
      expect.objectContaining({ provider: "email", id: data.user!.id, user_id: data.user!.id, email }),
    ]);

    const signOut = await client.auth.signOut();
    expect(signOut.error).toBeNull();
    const [{ sessions }] = await sql`select count(*)::int as sessions from auth.sessions where user_id = ${data.user!.id}`;
    expect(sessions).toBe(0);

    const after = await fetch(`${authUrl}/user`, { headers: authHeaders({ authorization: `Bearer ${accessToken}` }) });
    expect(after.status).toBe(403);
    expect(after.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(await after.json()).toEqual({ code: "session_not_found", message: "Session from session_id claim in JWT does not exist" });
    const viaClient = await anonClient().auth.getUser(accessToken);
    expect(viaClient.error?.name).toBe("AuthSessionMissingError");
  });

  it("signs out only this session with scope local, and the others with scope others", async () => {
    const email = uniqueEmail("scopes");
    const [a, b, c] = [anonClient(), anonClient(), anonClient()];
    await a.auth.signUp({ email, password });
    for (const client of [a, b, c]) await client.auth.signInWithPassword({ email, password });
    const userId = (await a.auth.getUser()).data.user!.id;
    const count = async () => (await sql`select count(*)::int as n from auth.sessions where user_id = ${userId}`)[0].n;
    const before = await count();

    await a.auth.signOut({ scope: "local" });
    expect(await count()).toBe(before - 1);
    expect((await b.auth.getUser()).error).toBeNull();

    await b.auth.signOut({ scope: "others" });
    expect(await count()).toBe(1);
    expect((await b.auth.getUser()).error).toBeNull();
    expect((await c.auth.getUser()).error?.name).toBe("AuthSessionMissingError");
  });
});
