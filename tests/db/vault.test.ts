/**
 * The Vault stand-in (supabase/local/bootstrap/30_platform_stubs.sql) encrypts like Supabase
 * Vault: `vault.secrets` holds ciphertext under a root key kept in a file outside the tables,
 * clear text comes only from `vault.decrypted_secrets`, and the API roles get neither.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { TransactionSql } from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { anon, serviceRole, trial, type Caller } from "../helpers/acting.ts";
import { connect, rolledBack } from "../helpers/db.ts";

const sql = connect();
afterAll(() => sql.end());

const authenticated: Caller = { role: "authenticated", claims: { role: "authenticated", sub: "00000000-0000-4000-8000-000000000001" } };

async function createSecret(tx: TransactionSql, secret: string, name: string): Promise<string> {
  const [{ id }] = await tx<{ id: string }[]>`select vault.create_secret(${secret}, ${name}, 'a connector credential') as id`;
  return id;
}

async function stored(tx: TransactionSql, id: string) {
  const [row] = await tx<{ secret: string; decrypted_secret: string; name: string; description: string }[]>`
    select s.secret, d.decrypted_secret, d.name, d.description
    from vault.secrets s join vault.decrypted_secrets d using (id) where s.id = ${id}`;
  return row;
}

describe("vault", () => {
  it("stores a secret as ciphertext and gives it back only through decrypted_secrets", async () => {
    await rolledBack(sql, async (tx) => {
      const id = await createSecret(tx, "sk_live_connector-token-1234567890", "test_connector_key");
      const row = await stored(tx, id);
      expect(row.secret).toMatch(/^-----BEGIN PGP MESSAGE-----/);
      expect(row.secret).not.toContain("sk_live");
      expect(row.secret).not.toContain("1234567890");
      expect(row).toMatchObject({ decrypted_secret: "sk_live_connector-token-1234567890", name: "test_connector_key", description: "a connector credential" });
    });
  });

  it("re-encrypts on update_secret and leaves unnamed fields as they were", async () => {
    await rolledBack(sql, async (tx) => {
      const id = await createSecret(tx, "first-token", "test_rotated_key");
      const before = await stored(tx, id);
      await tx`select vault.update_secret(${id}, 'second-token')`;
      const after = await stored(tx, id);
      expect(after.secret).not.toBe(before.secret);
      expect(after.secret).not.toContain("second-token");
      expect(after).toMatchObject({ decrypted_secret: "second-token", name: "test_rotated_key", description: "a connector credential" });
      await tx`select vault.update_secret(${id}, new_description => 'renamed only')`;
      expect(await stored(tx, id)).toMatchObject({ secret: after.secret, decrypted_secret: "second-token", description: "renamed only" });
    });
  });

  it("gives the same text a different ciphertext each time", async () => {
    await rolledBack(sql, async (tx) => {
      const first = await stored(tx, await createSecret(tx, "same-text", "test_same_1"));
      const second = await stored(tx, await createSecret(tx, "same-text", "test_same_2"));
      expect(first.secret).not.toBe(second.secret);
      expect([first.decrypted_secret, second.decrypted_secret]).toEqual(["same-text", "same-text"]);
    });
  });

  it("keeps the root key in a 32-byte file in the data directory, readable by its owner only", async () => {
    const [{ dataDir }] = await sql<{ dataDir: string }[]>`select current_setting('data_directory') as "dataDir"`;
    const file = path.join(dataDir, "vault_root.key");
    const { mode, size } = await stat(file);
    expect({ mode: mode & 0o777, size }).toEqual({ mode: 0o600, size: 32 });
    const [{ key }] = await sql<{ key: string }[]>`select vault._root_key() as key`;
    expect(key).toBe((await readFile(file)).toString("hex"));
  });

  it("refuses anon and authenticated the tables, the view and the functions, and the key to everyone", async () => {
    await trial(sql, async (t) => {
      await createSecret(t.tx, "never-for-clients", "test_guarded_key");
      for (const who of [anon, authenticated]) {
        await t.expectRefused(who, (tx) => tx`select * from vault.secrets`, "42501");
        await t.expectRefused(who, (tx) => tx`select * from vault.decrypted_secrets`, "42501");
        await t.expectRefused(who, (tx) => tx`select vault._root_key()`, "42501");
        await t.expectRefused(who, (tx) => tx`select vault.create_secret('x', 'test_from_client')`, "42501");
      }
      await t.expectRefused(serviceRole, (tx) => tx`select vault._root_key()`, "42501");
      const rows = await t.expectAllowed(serviceRole, (tx) => tx`select decrypted_secret from vault.decrypted_secrets where name = 'test_guarded_key'`);
      expect(rows).toEqual([{ decrypted_secret: "never-for-clients" }]);
    });
    const [grants] = await sql<Record<string, boolean>[]>`
      select has_function_privilege('anon', 'vault._root_key()', 'execute') as anon,
        has_function_privilege('authenticated', 'vault._root_key()', 'execute') as authenticated,
        has_function_privilege('service_role', 'vault._root_key()', 'execute') as service_role,
        has_function_privilege('postgres', 'vault._root_key()', 'execute') as postgres`;
    expect(grants).toEqual({ anon: false, authenticated: false, service_role: false, postgres: false });
  });

  it("encrypts, on the next bootstrap, a secret stored in clear by an older data directory", async () => {
    await rolledBack(sql, async (tx) => {
      const [{ id }] = await tx<{ id: string }[]>`insert into vault.secrets (secret, name) values ('legacy-clear-text', 'test_legacy') returning id`;
      await tx.unsafe(await readFile(path.resolve("supabase/local/bootstrap/30_platform_stubs.sql"), "utf8"));
      const row = await stored(tx, id);
      expect(row.secret).not.toContain("legacy-clear-text");
      expect(row.decrypted_secret).toBe("legacy-clear-text");
    });
  });
});
