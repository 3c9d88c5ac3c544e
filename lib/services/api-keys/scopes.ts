/** What an API key may do (DESIGN §6), with the one line the settings page shows for each. */
export const API_KEY_SCOPES = ["ingest", "read", "write", "check"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_SUMMARIES: Record<ApiKeyScope, string> = {
  ingest: "Send usage events (POST /api/v1/events).",
  read: "Read spend, budgets, their status and alerts.",
  write: "Create, change and delete budgets; acknowledge alerts.",
  check: "Ask before spending (POST /api/v1/check) and poll approvals.",
};
