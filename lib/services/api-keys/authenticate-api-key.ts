/**
 * From a presented secret to the key and its organization, for the /api/v1 wrapper.
 *
 * Hits are cached in this process for 30 s by hash, so a busy key costs no query per request.
 * Revoking through revokeApiKey drops the entry here at once; another server instance may still
 * accept a revoked key until its own entry expires, so the cross-process bound is 30 s. Misses are
 * not cached: a key created a moment ago works at once, and unknown secrets cost one indexed read.
 */
import "server-only";
import { withService } from "@/lib/db";
import type { Organization } from "@/lib/tenancy/context";
import type { ApiKeyScope } from "./scopes";
import { SECRET_PATTERN, hashApiKeySecret } from "./secret";

export const API_KEY_CACHE_TTL_MS = 30_000;
// Bounded so a flood of distinct valid keys cannot grow memory without limit.
const MAX_CACHED = 10_000;

export type ApiKeyPrincipal = { id: string; name: string; scopes: ApiKeyScope[]; org: Organization };

type Row = {
  api_key_id: string;
  api_key_name: string;
  scopes: ApiKeyScope[];
  org_id: string;
  org_name: string;
  org_slug: string;
  base_currency: string;
  timezone: string;
  org_created_at: Date;
};

const cache = new Map<string, { principal: ApiKeyPrincipal; expiresAt: number }>();

export async function authenticateApiKey(secret: string, now = Date.now()): Promise<ApiKeyPrincipal | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  const hash = hashApiKeySecret(secret);
  const cached = cache.get(hash);
  if (cached && cached.expiresAt > now) return cached.principal;
  cache.delete(hash);

  const [row] = await withService((tx) => tx<Row[]>`select * from private.authenticate_api_key(${hash})`);
  if (!row) return null;
  const principal: ApiKeyPrincipal = {
    id: row.api_key_id,
    name: row.api_key_name,
    scopes: row.scopes,
    org: {
      id: row.org_id,
      name: row.org_name,
      slug: row.org_slug,
      baseCurrency: row.base_currency,
      timezone: row.timezone,
      createdAt: row.org_created_at,
    },
  };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(hash, { principal, expiresAt: now + API_KEY_CACHE_TTL_MS });
  return principal;
}

/** Drops a key from this process's cache (after it was revoked here). */
export function forgetApiKey(apiKeyId: string): void {
  for (const [hash, entry] of cache) {
    if (entry.principal.id === apiKeyId) cache.delete(hash);
  }
}

/** Empties the cache: for tests that need the next lookup to reach the database. */
export function clearApiKeyCache(): void {
  cache.clear();
}
