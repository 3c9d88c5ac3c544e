/**
 * Channels are managed by admins in the app (no API: adding a phone number is a person's act,
 * with a code to read back). Members may see the list; viewers not (destinations are personal data).
 */
import "server-only";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";

export function requireChannelAdmin(ctx: OrgContext): void {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can manage notification channels.");
}

export function requireChannelReader(ctx: OrgContext): void {
  if (!isAtLeast(ctx.org.role, "member")) throw new ForbiddenError("Viewers can't see notification channels: their destinations are personal data.");
}
