/**
 * Bad input and bad credentials: each answer must carry Supabase's status and error code, and
 * leave the database untouched (what belongs to the address is counted before and after).
 */
import { SignJWT, generateKeyPair, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingJwk } from "../../supabase/local/config.ts";
import { anonClient, publishableKey, superuserSql, uniqueEmail } from "../helpers/local-stack.ts";
import { authHeaders, authUrl, footprint, postAuth } from "./auth-helpers.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const password = "correct-horse-battery";

async function expectError(response: Response, status: number, code: string, message?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("x-sb-error-code")).toBe(code);
  expect(response.headers.get("x-supabase-api-version")).toBe("2024-01-01");
  const body = await response.json();
  expect(body.code).toBe(code);
  if (message !== undefined) expect(body.message).toBe(message);
  return body;
}

describe("malformed requests", () => {
  it("answers bad_json for a body that is not JSON", async () => {
    const email = uniqueEmail("badjson");
    const response = await postAuth("/signup", `{"email":"${email}","password":"${password}"`);
    const body = await expectError(response, 400, "bad_json");
    expect(body.message).toMatch(/^Could not parse request body as JSON: /);
    expect(await footprint(sql, email)).toMatchObject({ users: 0, identities: 0, sessions: 0 });
  });

  it("answers bad_json for a field of the wrong type", async () => {
    const response = await postAuth("/token?grant_type=password", { email: 42, password });
    await expectError(response, 400, "bad_json");
  });

  it("answers validation_failed for missing fields", async () => {
    const email = uniqueEmail("nopass");
    await expectError(await postAuth("/signup", { email }), 400, "validation_failed", "Signup requires a valid password");
    await expectError(await postAuth("/token?grant_type=password", { password }), 400, "validation_failed", "missing email or phone");
    await expectError(await postAuth("/verify", { token_hash: "abc" }), 400, "validation_failed", "Verify requires a verification type");
    await expectError(await postAuth("/recover", {}), 422, "validation_failed", "Password recovery requires an email");
    expect(await footprint(sql, email)).toMatchObject({ users: 0, emails: 0 });
  });

  it("rejects an invalid email address", async () => {
    const response = await postAuth("/signup", { email: "not-an-email", password });
    await expectError(response, 400, "validation_failed", "Unable to validate email address: invalid format");
    expect(await footprint(sql, "not-an-email")).toMatchObject({ users: 0 });
  });

  it("answers a refresh without a token with GoTrue's OAuth-style error", async () => {
    const response = await postAuth("/token?grant_type=refresh_token", {});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request", error_description: "refresh_token required" });
  });

  it("answers an unsupported grant type like GoTrue", async () => {
    await expectError(await postAuth("/token?grant_type=client_credentials", {}), 400, "invalid_credentials", "unsupported_grant_type");
  });

  it("uses the legacy error body when the client does not ask for the 2024-01-01 API", async () => {
    const response = await fetch(`${authUrl}/token?grant_type=password`, {
      method: "POST",
      headers: { apikey: publishableKey, "content-type": "application/json" },
      body: JSON.stringify({ email: uniqueEmail("legacy"), password }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-supabase-api-version")).toBeNull();
    expect(response.headers.get("x-sb-error-code")).toBe("invalid_credentials");
    expect(await response.json()).toEqual({ code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
  });
});

describe("sign-up and sign-in failures", () => {
  it("rejects a weak password with its reasons", async () => {
    const email = uniqueEmail("weak");
    const response = await postAuth("/signup", { email, password: "short" });
    const body = await expectError(response, 422, "weak_password", "Password should be at least 8 characters.");
    expect(body.weak_password).toEqual({ reasons: ["length"] });
    const viaClient = await anonClient().auth.signUp({ email, password: "short" });
    expect(viaClient.error).toMatchObject({ name: "AuthWeakPasswordError", code: "weak_password", reasons: ["length"] });
    expect(await footprint(sql, email)).toMatchObject({ users: 0, identities: 0, sessions: 0 });
  });

  it("refuses a duplicate sign-up and writes nothing", async () => {
    const email = uniqueEmail("dupe");
    await anonClient().auth.signUp({ email, password });
    const before = await footprint(sql, email);
    const again = await anonClient().auth.signUp({ email: email.toUpperCase(), password });
    expect(again.error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });
    expect(await footprint(sql, email)).toEqual(before);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const email = uniqueEmail("creds");
    await anonClient().auth.signUp({ email, password });
    const before = await footprint(sql, email);
    const wrong = await postAuth("/token?grant_type=password", { email, password: "not-the-password" });
    const wrongBody = await expectError(wrong, 400, "invalid_credentials", "Invalid login credentials");
    expect(await footprint(sql, email)).toEqual(before);

    const unknownEmail = uniqueEmail("ghost");
    const unknown = await postAuth("/token?grant_type=password", { email: unknownEmail, password });
    expect(await expectError(unknown, 400, "invalid_credentials")).toEqual(wrongBody);
    expect(await footprint(sql, unknownEmail)).toMatchObject({ users: 0, sessions: 0 });
  });
});

describe("access tokens", () => {
  let session: { access_token: string; user: { id: string } };
  let sessionId: string;

  beforeAll(async () => {
    const email = uniqueEmail("tokens");
    const { data } = await anonClient().auth.signUp({ email, password });
    session = data.session!;
    sessionId = JSON.parse(Buffer.from(session.access_token.split(".")[1], "base64url").toString()).session_id;
  });

  const getUser = (token: string) => fetch(`${authUrl}/user`, { headers: authHeaders({ authorization: `Bearer ${token}` }) });
  const claims = () => ({ sub: session.user.id, session_id: sessionId, role: "authenticated", aud: "authenticated" });

  it("accepts the token it issued", async () => {
    expect((await getUser(session.access_token)).status).toBe(200);
  });

  it("rejects an expired token", async () => {
    const key = await importJWK(signingJwk, "ES256");
    const expired = await new SignJWT(claims())
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: signingJwk.kid })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key);
    const body = await expectError(await getUser(expired), 403, "bad_jwt");
    expect(body.message).toMatch(/^invalid JWT: .*token is expired$/);
  });

  it("rejects a token signed with another key under the real key id", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: signingJwk.kid })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const body = await expectError(await getUser(forged), 403, "bad_jwt");
    expect(body.message).toMatch(/^invalid JWT: unable to parse or verify signature/);
  });

  it("rejects an HS256 token signed with the wrong secret", async () => {
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-jwt-secret-not-the-jwt-secret!!"));
    await expectError(await getUser(forged), 403, "bad_jwt");
  });

  it("rejects a malformed token and a non-bearer Authorization header", async () => {
    await expectError(await getUser("not.a.jwt"), 403, "bad_jwt");
    const basic = await fetch(`${authUrl}/user`, { headers: authHeaders({ authorization: "Basic dXNlcjpwYXNz" }) });
    await expectError(basic, 401, "no_authorization", "This endpoint requires a Bearer token");
  });

  it("needs a user, not just the API key, for /user", async () => {
    const response = await fetch(`${authUrl}/user`, { headers: authHeaders() });
    await expectError(response, 403, "bad_jwt", "invalid claim: missing sub claim");
  });
});

describe("API keys (the gateway in front of Auth)", () => {
  it("answers 401 without an API key or with an unknown one", async () => {
    const missing = await fetch(`${authUrl}/settings`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).message).toBe("No API key found in request");
    const wrong = await fetch(`${authUrl}/settings`, { headers: { apikey: "sb_publishable_not-a-real-key" } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).message).toBe("Invalid API key");
  });

  it("lets email links through without a key", async () => {
    const response = await fetch(`${authUrl}/verify?token=deadbeef&type=magiclink`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(new URLSearchParams(new URL(response.headers.get("location")!).hash.slice(1)).get("error_code")).toBe("otp_expired");
  });

  it("reserves admin endpoints for the secret key", async () => {
    const response = await fetch(`${authUrl}/admin/users`, { headers: authHeaders() });
    await expectError(response, 403, "not_admin", "User not allowed");
  });
});
