/** What each organization role may do, in one line, for people deciding whether to accept one. */

export type OrgRole = "owner" | "admin" | "member" | "viewer";

export const ROLE_LABELS: Record<OrgRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const ROLE_SUMMARIES: Record<OrgRole, string> = {
  owner: "Full control of the organization, including its members, billing and deleting it.",
  admin: "Manages members, API keys, budgets, alerts and connectors.",
  member: "Tracks spend and creates and edits budgets and alerts.",
  viewer: "Sees dashboards, budgets and alerts, but cannot change anything.",
};

/** "an Admin", "a Member": the label with its article. */
export function roleWithArticle(role: OrgRole): string {
  const label = ROLE_LABELS[role];
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}
