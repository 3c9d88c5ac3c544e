/**
 * private.invoke_function — the one way the database calls an edge function (cron jobs, the
 * dispatcher's poke): the request pg_net queues, the clear failure without the Vault secrets
 * (or a quiet skip when the caller asks for one), who may call it, and that the jobs use it.
 */
import type { TransactionSql } from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { connect, rolledBack } from "../helpers/db.ts";

const sql = connect();
afterAll(() => sql.end());

async function withSecrets(tx: TransactionSql, secrets: Record<string, string>) {
  await tx`delete from vault.secrets where name in ('project_url', 'service_role_key')`;
  for (const [name, secret] of Object.entries(secrets)) await tx`select vault.create_secret(${secret}, ${name})`;
}

describe("private.invoke_function", () => {
  it("queues a POST to the function with the service-role key, sent by pg_net after commit", async () => {
    await rolledBack(sql, async (tx) => {
      await withSecrets(tx, { project_url: "https://ref.example.test", service_role_key: "service-key" });
      const [{ id }] = await tx<{ id: string }[]>`select private.invoke_function('run-forecasts') as id`;
      const [request] = await tx<{ method: string; url: string; headers: Record<string, string>; body: string }[]>`
        select method, url, headers, convert_from(body, 'utf8') as body from net.http_request_queue where id = ${id}`;
      expect(request).toEqual({
        method: "POST",
        url: "https://ref.example.test/functions/v1/run-forecasts",
        headers: { "Content-Type": "application/json", Authorization: "Bearer service-key" },
        body: "{}",
      });
    });
  });

  it("fails with a clear message without the Vault secrets, or returns null when asked to skip", async () => {
    await rolledBack(sql, async (tx) => {
      await withSecrets(tx, { project_url: "https://ref.example.test" });
      await tx`savepoint probe`;
      await expect(tx`select private.invoke_function('detect-anomalies')`).rejects.toThrow(
        "cannot call the edge function detect-anomalies: the Vault secrets project_url and service_role_key are not set",
      );
      await tx`rollback to savepoint probe`;
      const [{ id }] = await tx<{ id: string | null }[]>`select private.invoke_function('detect-anomalies', if_configured => true) as id`;
      expect(id).toBeNull();
      // The dispatcher's poke runs inside ingest transactions: it must never fail them.
      await tx`select private.poke_dispatcher()`;
    });
  });

  it("is the database's alone, and every job that calls a function goes through it", async () => {
    const [grants] = await sql<{ authenticated: boolean; service_role: boolean; anon: boolean }[]>`
      select has_function_privilege('authenticated', 'private.invoke_function(text, boolean)', 'execute') as authenticated,
        has_function_privilege('service_role', 'private.invoke_function(text, boolean)', 'execute') as service_role,
        has_function_privilege('anon', 'private.invoke_function(text, boolean)', 'execute') as anon`;
    expect(grants).toEqual({ authenticated: false, service_role: false, anon: false });
    const jobs = await sql<{ jobname: string; schedule: string; command: string }[]>`
      select jobname, schedule, command from cron.job where command like '%functions/v1%' or command like '%invoke_function%' order by jobname`;
    expect(jobs).toEqual([
      { jobname: "detect-anomalies", schedule: "*/5 * * * *", command: "select private.invoke_function('detect-anomalies')" },
      { jobname: "dispatch-notifications", schedule: "* * * * *", command: "select private.invoke_function('dispatch-notifications')" },
      { jobname: "run-alert-actions", schedule: "* * * * *", command: "select private.invoke_function('run-alert-actions')" },
      { jobname: "run-forecasts", schedule: "17 * * * *", command: "select private.invoke_function('run-forecasts')" },
      { jobname: "sync-connectors", schedule: "*/10 * * * *", command: "select private.invoke_function('sync-connectors')" },
    ]);
  });
});
