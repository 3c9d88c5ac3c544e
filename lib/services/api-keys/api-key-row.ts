/** An API key as the settings page shows it: never the secret, never its hash. */
import type { ApiKeyScope } from "./scopes";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  createdByEmail: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedByEmail: string | null;
};
