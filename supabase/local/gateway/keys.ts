/**
 * API-key handling as the CLI's Kong gateway does it: the publishable and secret keys (and the
 * legacy anon / service_role JWTs) identify the caller's base role; a user JWT in
 * `Authorization` is passed through and decides the role on its own.
 */
import type { IncomingMessage } from "node:http";
import { anonJwt, publishableKey, secretKey, serviceRoleJwt } from "../config.ts";

export type KeyRole = "anon" | "service_role";

export function roleOfApiKey(apikey: string | undefined | null): KeyRole | null {
  if (!apikey) return null;
  if (apikey === publishableKey || apikey === anonJwt) return "anon";
  if (apikey === secretKey || apikey === serviceRoleJwt) return "service_role";
  return null;
}

/** The legacy JWT a key stands for: what Kong puts in `Authorization` when no user token is sent. */
export function jwtForKeyRole(role: KeyRole): string {
  return role === "anon" ? anonJwt : serviceRoleJwt;
}

export function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers.apikey;
  if (typeof header === "string" && header) return header;
  return new URL(req.url ?? "/", "http://gateway").searchParams.get("apikey") ?? undefined;
}

/** The bearer token a request carries, unless it is an opaque `sb_` key (never a JWT). */
export function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header?.toLowerCase().startsWith("bearer ")) return undefined;
  const token = header.slice(7).trim();
  return token.startsWith("sb_") ? undefined : token;
}
