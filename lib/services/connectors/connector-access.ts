/** Connectors are managed by admins in the app; every member may see them (nothing secret is shown). */
import "server-only";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";

export function requireConnectorAdmin(ctx: OrgContext): void {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can manage connectors.");
}
