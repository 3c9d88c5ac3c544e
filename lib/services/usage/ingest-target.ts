/**
 * Who an ingest batch is for, and how it got here. Every path that stores usage — the API, the
 * CSV import, the demo data — goes through ingestEvents with one of these, so all share the same
 * validation, pricing, idempotency and rollups. The caller has already authorized the target
 * (API key scope, or the user's role in the organization); the organization is always taken from
 * here, never from the events.
 */
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import type { Organization } from "@/lib/tenancy/context";

export type IngestSource = "api" | "import" | "demo";

export type IngestTarget = {
  org: Pick<Organization, "id" | "baseCurrency">;
  source: IngestSource;
  /** Set for source "api": stored on each event. */
  apiKeyId: string | null;
  /** The signed-in user behind an import or a demo load, for the claims (null for scripts). */
  userId: string | null;
};

export function apiKeyIngestTarget(principal: ApiKeyPrincipal): IngestTarget {
  return { org: principal.org, source: "api", apiKeyId: principal.id, userId: null };
}

/** Claims for the service_role transaction: name the key or user, so logs and triggers can tell. */
export function ingestClaims(target: IngestTarget) {
  return {
    role: "service_role",
    org_id: target.org.id,
    ...(target.apiKeyId ? { api_key_id: target.apiKeyId } : {}),
    ...(target.userId ? { sub: target.userId } : {}),
  };
}
