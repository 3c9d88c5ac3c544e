/**
 * The organization's audit trail, newest first, 50 a page, filtered by actor, action and a date
 * range (whole days in the organization's time zone). Admins and owners only, as RLS says.
 */
import "server-only";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { AuditLogQuery } from "./schemas";

export const AUDIT_PAGE_SIZE = 50;

type Json = Record<string, unknown>;

export type AuditEntry = {
  id: string;
  at: Date;
  actorType: "user" | "api_key" | "system";
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The member's email for membership rows (while they are still a member). */
  entityLabel: string | null;
  before: Json | null;
  after: Json | null;
};

export type AuditLogPage = {
  entries: AuditEntry[];
  page: number;
  hasNextPage: boolean;
  /** Everyone and everything that appears in this organization's log, for the filter menus. */
  actors: { id: string; label: string }[];
  actions: string[];
};

export async function listAuditLog(ctx: OrgContext, query: AuditLogQuery): Promise<AuditLogPage> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can read the audit log.");
  const { actorId, action, from, to, page } = parseInput(AuditLogQuery, query);
  const zone = ctx.org.timezone;
  return asActor(ctx.actor, async (tx) => {
    const filters = [
      tx`a.org_id = ${ctx.org.id}`,
      actorId ? tx`a.actor_id = ${actorId}` : null,
      action ? tx`a.action = ${action}` : null,
      from ? tx`a.at >= (${from}::date)::timestamp at time zone ${zone}` : null,
      to ? tx`a.at < (${to}::date + 1)::timestamp at time zone ${zone}` : null,
    ].filter((filter) => filter !== null);
    const where = filters.reduce((all, filter) => tx`${all} and ${filter}`);
    // Offset paging: an audit trail is read page by page from the top, rarely deep.
    const rows = await tx<AuditEntry[]>`
      select a.id::text, a.at, a.actor_type as "actorType", a.actor_id as "actorId", a.actor_label as "actorLabel",
        a.action, a.entity_type as "entityType", a.entity_id as "entityId", m.email as "entityLabel", a.before, a.after
      from public.audit_log a
      left join private.org_members(${ctx.org.id}) m on a.entity_type = 'membership' and m.user_id::text = a.entity_id
      where ${where}
      order by a.at desc, a.id desc
      limit ${AUDIT_PAGE_SIZE + 1} offset ${(page - 1) * AUDIT_PAGE_SIZE}`;
    const actors = await tx<{ id: string; label: string }[]>`
      select distinct on (actor_id) actor_id as id, coalesce(actor_label, actor_id::text) as label
      from public.audit_log where org_id = ${ctx.org.id} and actor_id is not null
      order by actor_id, at desc`;
    const actions = await tx<{ action: string }[]>`
      select distinct action from public.audit_log where org_id = ${ctx.org.id} order by action`;
    return {
      entries: rows.slice(0, AUDIT_PAGE_SIZE),
      page,
      hasNextPage: rows.length > AUDIT_PAGE_SIZE,
      actors: actors.sort((a, b) => a.label.localeCompare(b.label)),
      actions: actions.map((row) => row.action),
    };
  });
}
