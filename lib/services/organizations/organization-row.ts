/** The columns an organization is read with, and their shape in the app. */
import type { Tx } from "@/lib/db";
import type { ActiveOrganization } from "@/lib/tenancy/context";
import type { OrgRole } from "@/lib/tenancy/roles";

type Row = {
  id: string;
  name: string;
  slug: string;
  base_currency: string;
  timezone: string;
  retention_months: number;
  created_at: Date;
  role: OrgRole;
};

/** The organization with the caller's role in it, or null when they are not a member (or it doesn't exist). */
export async function selectActiveOrganization(
  tx: Tx,
  userId: string,
  where: { id: string } | { slug: string },
): Promise<ActiveOrganization | null> {
  const condition = "id" in where ? tx`o.id = ${where.id}` : tx`o.slug = ${where.slug}`;
  const [row] = await tx<Row[]>`
    select o.id, o.name, o.slug, o.base_currency, o.timezone, o.retention_months, o.created_at, m.role
    from public.organizations o
    join public.memberships m on m.org_id = o.id and m.user_id = ${userId}
    where ${condition}`;
  return row ? toActiveOrganization(row) : null;
}

export function toActiveOrganization(row: Row): ActiveOrganization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    baseCurrency: row.base_currency,
    timezone: row.timezone,
    createdAt: row.created_at,
    retentionMonths: row.retention_months,
    role: row.role,
  };
}
