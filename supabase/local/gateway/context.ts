/** What every gateway service is given: database access, its own URLs and a logger. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Sql } from "postgres";

export type GatewayContext = {
  /** Connect as a platform role (`supabase_admin`, `supabase_auth_admin`, …); pools are shared. */
  db(role: "supabase_admin" | "supabase_auth_admin"): Sql;
  /** The database as `postgres` sees it: what edge functions get as SUPABASE_DB_URL. */
  databaseUrl: string;
  /** e.g. http://127.0.0.1:54321 */
  gatewayUrl: string;
  /** The app's URL: where emailed links point (`[auth] site_url`). */
  siteUrl: string;
  /** Extra environment for edge functions, over everything else (tests: provider keys and fake servers). */
  functionEnv?: Record<string, string>;
  log(service: string, message: string): void;
};

/** A service mounted under a path prefix; `path` is what follows the prefix. */
export type HttpService = {
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  close(): Promise<void>;
};

export type UpgradeService = HttpService & {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
};
