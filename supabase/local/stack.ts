/**
 * The Docker-free stand-in for `supabase start`: embedded Postgres 17 → platform bootstrap →
 * migrations → gateway (auth, realtime, functions) with the cron runner and pg_net worker.
 * Used by `npm run dev` and by the test suites, each with their own data directory and ports.
 */
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { bootstrap } from "./bootstrap.ts";
import { dbPassword, dbSuperuser, dbUrl, defaultPorts, gatewayUrl, publishableKey, repoRoot, secretKey, serviceRoleJwt, type StackPorts } from "./config.ts";
import { migrate } from "./migrate.ts";
import { assertPortsFree } from "./ports.ts";
import { startPostgres } from "./postgres.ts";
import { startGateway } from "./gateway/server.ts";
import { startCronRunner } from "./cron/runner.ts";
import { startNetWorker } from "./net/worker.ts";

export type StackOptions = {
  dataDir: string;
  ports?: Partial<StackPorts>;
  /** fsync off: for throwaway test clusters. */
  durable?: boolean;
  log?: (service: string, message: string) => void;
  /** Extra environment for edge functions (e.g. RESEND_API_KEY and RESEND_BASE_URL of a fake server). */
  functionEnv?: Record<string, string>;
};

export type Stack = {
  ports: StackPorts;
  /** The values the app reads from its environment, pointing at this stack. */
  env: Record<string, string>;
  appliedMigrations: string[];
  stop(): Promise<void>;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const ports = { ...defaultPorts, ...options.ports };
  const log = options.log ?? ((service, message) => console.log(`[${service}] ${message}`));
  await assertPortsFree({ gateway: ports.gateway, database: ports.db });

  const cluster = await startPostgres({ dataDir: path.resolve(options.dataDir), port: ports.db, durable: options.durable });
  const pools = new Map<string, Sql>();
  const db = (role: string) => {
    let pool = pools.get(role);
    if (!pool) {
      pool = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: role, password: dbPassword, max: 10, onnotice: () => {} });
      pools.set(role, pool);
    }
    return pool;
  };
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stoppers.reverse()) await fn().catch(() => {});
    await Promise.all([...pools.values()].map((pool) => pool.end({ timeout: 2 })));
    await cluster.stop();
  };

  try {
    await bootstrap(db(dbSuperuser));
    const migrations = await migrate(db("postgres"), path.join(repoRoot, "supabase/migrations"));
    await storeScheduledCallSecrets(db(dbSuperuser), gatewayUrl(ports.gateway));
    const ctx = {
      db,
      databaseUrl: dbUrl(ports.db),
      gatewayUrl: gatewayUrl(ports.gateway),
      siteUrl: `http://127.0.0.1:${ports.app}`,
      functionEnv: options.functionEnv,
      log,
    };
    const gateway = await startGateway(ctx, ports.gateway, path.join(repoRoot, "supabase/functions"));
    stoppers.push(() => gateway.close());
    const cron = await startCronRunner(ctx);
    stoppers.push(() => cron.stop());
    const net = await startNetWorker(ctx);
    stoppers.push(() => net.stop());

    return {
      ports,
      appliedMigrations: migrations.applied,
      env: {
        NEXT_PUBLIC_SUPABASE_URL: gatewayUrl(ports.gateway),
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: publishableKey,
        SUPABASE_SECRET_KEY: secretKey,
        DATABASE_URL: dbUrl(ports.db),
        NEXT_PUBLIC_SITE_URL: `http://127.0.0.1:${ports.app}`,
        SPENDGUARD_LOCAL_STACK: "1",
        // As for the functions: a webhook channel may point at a receiver on this machine.
        WEBHOOK_ALLOW_PRIVATE_URLS: "1",
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The Vault secrets pg_cron jobs read to call edge functions (the documented Supabase pattern:
 * `project_url` and `service_role_key`), pointing at this stack. On a hosted project an operator
 * stores them once (README, "Using a real Supabase project").
 */
async function storeScheduledCallSecrets(sql: Sql, projectUrl: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from vault.secrets where name in ('project_url', 'service_role_key')`;
    await tx`select vault.create_secret(${projectUrl}, 'project_url')`;
    await tx`select vault.create_secret(${serviceRoleJwt}, 'service_role_key')`;
  });
}
