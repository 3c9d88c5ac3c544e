/** What every auth route is given: its settings, the database, and the request it answers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sql } from "postgres";
import type { AuthConfig } from "./config.ts";

export type AuthDeps = {
  config: AuthConfig;
  /** Connected as `supabase_auth_admin`, the owner of the auth schema, as GoTrue connects. */
  db: Sql;
  /** The `iss` of access tokens: `<gateway>/auth/v1`, GoTrue's API_EXTERNAL_URL. */
  externalUrl: string;
  log(message: string): void;
};

export type AuthRequest = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters of the matched route, e.g. `id` of /admin/users/{id}. */
  params: Record<string, string>;
  /** The Authorization header as the API gateway forwards it (see api-keys.ts). */
  authorization: string | undefined;
};

export type Route = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path after /auth/v1; `{name}` segments become params. */
  path: string;
  /** Browser redirects (email links) carry no API key, so the gateway lets them through. */
  withoutApiKey?: boolean;
  handle(deps: AuthDeps, request: AuthRequest): Promise<void>;
};
