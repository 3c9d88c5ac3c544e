/** The API key service verbs against the integration stack, as real users under RLS. */
import { afterAll, describe, expect, it } from "vitest";
import { newUser, superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { createApiKey } from "../../lib/services/api-keys/create-api-key.ts";
import { listApiKeys } from "../../lib/services/api-keys/list-api-keys.ts";
import { revokeApiKey } from "../../lib/services/api-keys/revoke-api-key.ts";
import { authenticateApiKey, clearApiKeyCache } from "../../lib/services/api-keys/authenticate-api-key.ts";
import { hashApiKeySecret } from "../../lib/services/api-keys/secret.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import { ServiceError } from "../../lib/services/errors.ts";

const sql = superuserSql();
afterAll(() => sql.end());

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("API keys", () => {
  it("creates a key whose secret is returned once and stored only as a hash", async () => {
    const team = await teamOrg(sql, "keys");
    const admin = await team.as("admin");
    const { apiKey, secret } = await createApiKey(admin, { name: " CI pipeline ", scopes: ["read", "ingest", "read"] });
    expect(secret).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "CI pipeline", prefix: secret.slice(0, 11), scopes: ["ingest", "read"], createdByEmail: admin.actor.email, lastUsedAt: null, revokedAt: null });

    const [stored] = await sql`select s.secret_hash from private.api_key_secrets s where s.api_key_id = ${apiKey.id}`;
    expect(stored.secret_hash).toBe(hashApiKeySecret(secret));
    const [{ found }] = await sql`select count(*)::int as found from public.api_keys k where k::text like ${`%${secret.slice(11)}%`}`;
    expect(found, "the secret is nowhere in the table").toBe(0);

    const listed = await listApiKeys(team.owner);
    expect(listed.map((key) => key.id)).toEqual([apiKey.id]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(hashApiKeySecret(secret));
    expect(Object.keys(listed[0]).sort()).toEqual(
      ["createdAt", "createdByEmail", "id", "lastUsedAt", "name", "prefix", "revokedAt", "revokedByEmail", "scopes"]);
  });

  it("rejects a key without a name or scopes, with field errors", async () => {
    const team = await teamOrg(sql, "badkey");
    const error = await rejection(createApiKey(team.owner, { name: " ", scopes: [] }));
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["name", "scopes"]);
    expect(await rejection(createApiKey(team.owner, { name: "x", scopes: ["admin"] }))).toMatchObject({ code: "invalid" });
  });

  it("revokes a key: it stops authenticating at once, stays listed, and can't be revoked twice", async () => {
    const team = await teamOrg(sql, "revoke");
    const { apiKey, secret } = await createApiKey(team.owner, { name: "Worker", scopes: ["ingest"] });
    expect(await authenticateApiKey(secret)).toMatchObject({ id: apiKey.id, org: { id: team.owner.org.id } });

    const revoked = await revokeApiKey(team.owner, { apiKeyId: apiKey.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked.revokedByEmail).toBe(team.owner.actor.email);
    expect(await authenticateApiKey(secret), "the cached entry went with the revocation").toBeNull();
    expect((await listApiKeys(team.owner))[0]).toMatchObject({ id: apiKey.id, revokedAt: revoked.revokedAt });
    expect(await rejection(revokeApiKey(team.owner, { apiKeyId: apiKey.id }))).toMatchObject({ code: "not_found" });

    const audit = await sql`select action, actor_id, before, after from public.audit_log where entity_id = ${apiKey.id} order by id`;
    expect(audit.map((row) => row.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(JSON.stringify(audit)).not.toContain(hashApiKeySecret(secret));
  });

  it("refuses members and viewers, and gives outsiders NotFound", async () => {
    const team = await teamOrg(sql, "roles");
    const { apiKey } = await createApiKey(team.owner, { name: "Owner's", scopes: ["read"] });
    for (const role of ["member", "viewer"] as const) {
      const ctx = await team.as(role);
      expect(await rejection(createApiKey(ctx, { name: "Mine", scopes: ["read"] }))).toMatchObject({ code: "forbidden" });
      expect(await rejection(listApiKeys(ctx))).toMatchObject({ code: "forbidden" });
      expect(await rejection(revokeApiKey(ctx, { apiKeyId: apiKey.id }))).toMatchObject({ code: "forbidden" });
    }
    const outsider = await newUser("keys-outsider");
    expect(await rejection(resolveOrgContext(outsider.actor, team.owner.org.slug, "admin"))).toMatchObject({ code: "not_found" });

    // An admin of another organization aiming at this key's id: not found, and nothing changes.
    const other = await teamOrg(sql, "other");
    expect(await rejection(revokeApiKey(other.owner, { apiKeyId: apiKey.id }))).toMatchObject({ code: "not_found" });
    const [row] = await sql`select revoked_at from public.api_keys where id = ${apiKey.id}`;
    expect(row.revoked_at).toBeNull();
  });

  it("looks keys up through a short cache: a hit costs no query", async () => {
    const team = await teamOrg(sql, "cache");
    const { apiKey, secret } = await createApiKey(team.owner, { name: "Cached", scopes: ["read"] });
    clearApiKeyCache();
    expect(await authenticateApiKey(secret)).toMatchObject({ id: apiKey.id });
    // Revoked behind the cache's back (another instance): still served until the entry expires…
    await sql`update public.api_keys set revoked_at = now() where id = ${apiKey.id}`;
    expect(await authenticateApiKey(secret)).toMatchObject({ id: apiKey.id });
    // …which is at most 30 s later.
    expect(await authenticateApiKey(secret, Date.now() + 30_001)).toBeNull();
  });
});
