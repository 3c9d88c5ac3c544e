/**
 * API keys in the database: the hash stays inside, keys are made and resolved only through their
 * functions, revoking is final, last_used_at is throttled, and the audit log never holds a secret.
 * (Who may select or revoke which rows is the isolation matrix's job.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, serviceRole, trial, type Caller, type Trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createTenants, dropTenants, newToken, tokenHash, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("keys"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

type Authenticated = { api_key_id: string; org_id: string; scopes: string[]; api_key_name: string };

function authenticate(t: Trial, who: Caller, secret: string) {
  return t.as(who, (tx) => tx<Authenticated[]>`select * from private.authenticate_api_key(${tokenHash(secret)})`);
}

function newSecret() {
  return `sg_${newToken()}`;
}

describe("the secret's hash", () => {
  it("is not a column of public.api_keys", async () => {
    const columns = await sql<{ column_name: string }[]>`
      select column_name from information_schema.columns where table_schema = 'public' and table_name = 'api_keys'`;
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining([expect.stringMatching(/hash|secret/)]));
  });

  it.each([["an owner", () => tenants.a.owner], ["service_role", () => serviceRole], ["anon", () => anon]] as const)(
    "cannot be read by %s", async (_name, who) => {
      await trial(sql, async (t) => {
        await t.expectRefused(who(), (tx) => tx`select secret_hash from private.api_key_secrets`, "42501");
      });
    });
});

describe("private.create_api_key", () => {
  it("stores the key and its hash for an admin, recording them as its creator, and audits it without the hash", async () => {
    await trial(sql, async (t) => {
      const secret = newSecret();
      const [{ id }] = await t.expectAllowed(tenants.a.admin, (tx) => tx<{ id: string }[]>`
        select private.create_api_key(${tenants.a.id}, '  Billing worker ', ${["ingest"]}, ${secret.slice(0, 11)}, ${tokenHash(secret)}) as id`);
      const [key] = await t.tx`select name, created_by, scopes from public.api_keys where id = ${id}`;
      expect(key).toEqual({ name: "Billing worker", created_by: tenants.a.admin.id, scopes: ["ingest"] });
      const [stored] = await t.tx`select secret_hash from private.api_key_secrets where api_key_id = ${id}`;
      expect(stored.secret_hash).toBe(tokenHash(secret));

      const audit = await t.tx`select actor_type, actor_id, action, after, (a.*)::text as whole from public.audit_log a where entity_id = ${id}`;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_type: "user", actor_id: tenants.a.admin.id, action: "api_key.created" });
      expect(audit[0].whole).not.toContain(tokenHash(secret));
      expect(Object.keys(audit[0].after)).not.toEqual(expect.arrayContaining([expect.stringMatching(/hash|secret|last_used/)]));
    });
  });

  it.each([
    ["a member of the organization", () => tenants.a.member, () => tenants.a.id],
    ["a viewer", () => tenants.a.viewer, () => tenants.a.id],
    ["an outsider", () => tenants.outsider, () => tenants.a.id],
    ["an admin of another organization", () => tenants.a.admin, () => tenants.b.id],
    ["service_role (no user to record)", () => serviceRole, () => tenants.a.id],
  ] as const)("refuses %s", async (_name, who, org) => {
    await trial(sql, async (t) => {
      const secret = newSecret();
      await t.expectRefused(who(), (tx) => tx`
        select private.create_api_key(${org()}, 'Nope', ${["read"]}, ${secret.slice(0, 11)}, ${tokenHash(secret)})`, "42501");
    });
  });

  it.each([
    ["no scopes", []],
    ["an unknown scope", ["read", "admin"]],
    ["a repeated scope", ["read", "read"]],
  ])("rejects %s", async (_name, scopes) => {
    await trial(sql, async (t) => {
      const secret = newSecret();
      const outcome = await t.as(tenants.a.owner, (tx) => tx`
        select private.create_api_key(${tenants.a.id}, 'Bad', ${scopes}, ${secret.slice(0, 11)}, ${tokenHash(secret)})`);
      expect(outcome).toMatchObject({ ok: false, code: "23514", constraint: "api_keys_scopes_valid" });
    });
  });
});

describe("private.authenticate_api_key", () => {
  it("resolves an active key to its organization and scopes, for service_role only", async () => {
    await trial(sql, async (t) => {
      const outcome = await authenticate(t, serviceRole, tenants.b.apiKey.secret);
      expect(outcome).toMatchObject({ ok: true, count: 1 });
      if (!outcome.ok) return;
      expect(outcome.rows[0]).toMatchObject({ api_key_id: tenants.b.apiKey.id, org_id: tenants.b.id, scopes: ["ingest", "read"] });
      for (const who of [tenants.a.owner, tenants.b.owner, anon]) {
        await t.expectRefused(who, (tx) => tx`select * from private.authenticate_api_key(${tokenHash(tenants.b.apiKey.secret)})`, "42501");
      }
    });
  });

  it("finds nothing for an unknown secret", async () => {
    await trial(sql, async (t) => {
      expect(await authenticate(t, serviceRole, newSecret())).toMatchObject({ ok: true, count: 0 });
    });
  });

  it("finds nothing for a revoked key, and revoking is final and audited", async () => {
    await trial(sql, async (t) => {
      const { apiKey } = tenants.a;
      await t.expectAllowed(tenants.a.admin, (tx) => tx`
        update public.api_keys set revoked_at = now(), revoked_by = ${tenants.a.admin.id} where id = ${apiKey.id}`);
      expect(await authenticate(t, serviceRole, apiKey.secret)).toMatchObject({ ok: true, count: 0 });
      await t.expectRefused(tenants.a.owner, (tx) => tx`
        update public.api_keys set revoked_at = null, revoked_by = null where id = ${apiKey.id}`, "SG030");
      const audit = await t.tx`select action, actor_id from public.audit_log where entity_id = ${apiKey.id} order by id`;
      expect(audit.map((row) => row.action)).toEqual(["api_key.created", "api_key.revoked"]);
      expect(audit[1].actor_id).toBe(tenants.a.admin.id);
    });
  });

  it("records the user who revokes as the revoker, nobody else", async () => {
    await trial(sql, async (t) => {
      await t.expectRefused(tenants.a.admin, (tx) => tx`
        update public.api_keys set revoked_at = now(), revoked_by = ${tenants.a.owner.id} where id = ${tenants.a.apiKey.id}`, "SG031");
      await t.expectRefused(tenants.a.admin, (tx) => tx`
        update public.api_keys set revoked_by = ${tenants.a.admin.id} where id = ${tenants.a.apiKey.id}`, "SG031");
    });
  });

  it("sets last_used_at at most once a minute, without an audit row", async () => {
    await trial(sql, async (t) => {
      const { apiKey } = tenants.a;
      const lastUsed = async () => (await t.tx<{ at: Date | null }[]>`select last_used_at as at from public.api_keys where id = ${apiKey.id}`)[0].at;
      const auditRows = async () => (await t.tx<{ n: number }[]>`select count(*)::int as n from public.audit_log where entity_id = ${apiKey.id}`)[0].n;
      const auditBefore = await auditRows();

      await t.tx`update public.api_keys set last_used_at = now() - interval '2 minutes' where id = ${apiKey.id}`;
      const stale = await lastUsed();
      await authenticate(t, serviceRole, apiKey.secret);
      const first = await lastUsed();
      expect(first!.getTime()).toBeGreaterThan(stale!.getTime());

      await t.tx`update public.api_keys set last_used_at = now() - interval '30 seconds' where id = ${apiKey.id}`;
      const recent = await lastUsed();
      await authenticate(t, serviceRole, apiKey.secret);
      expect(await lastUsed()).toEqual(recent);
      expect(await auditRows()).toBe(auditBefore);
    });
  });
});

describe("a change made with an API key's claims", () => {
  it("is audited as that key", async () => {
    await trial(sql, async (t) => {
      const { apiKey } = tenants.a;
      const caller: Caller = {
        role: "service_role",
        claims: { role: "service_role", api_key_id: apiKey.id, api_key_name: "Fixture key", org_id: tenants.a.id },
      };
      await t.expectAllowed(caller, (tx) => tx`update public.api_keys set revoked_at = now() where id = ${apiKey.id}`);
      const [row] = await t.tx`
        select actor_type, actor_id, actor_label from public.audit_log where entity_id = ${apiKey.id} and action = 'api_key.revoked'`;
      expect(row).toEqual({ actor_type: "api_key", actor_id: apiKey.id, actor_label: "Fixture key" });
    });
  });
});
