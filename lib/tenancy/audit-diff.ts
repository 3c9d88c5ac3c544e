/** The compact "what changed" of an audit row: changed fields only, bookkeeping columns left out. */

type Json = Record<string, unknown> | null;

export type FieldChange = { field: string; before?: string; after?: string };

const HIDDEN = new Set(["id", "org_id", "created_at", "created_by", "invited_by", "user_id", "accepted_by", "revoked_by"]);

export function auditChanges(before: Json, after: Json): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((key) => !HIDDEN.has(key));
  const changes: FieldChange[] = [];
  for (const field of keys) {
    const was = show(before?.[field]);
    const is = show(after?.[field]);
    if (before && after && was === is) continue;
    if (was === undefined && is === undefined) continue;
    changes.push({ field, before: before ? was : undefined, after: after ? is : undefined });
  }
  return changes;
}

function show(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}
