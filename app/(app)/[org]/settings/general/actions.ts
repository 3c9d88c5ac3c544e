"use server";

import { orgAction } from "@/lib/actions/org-action";
import { orgPath } from "@/lib/auth/routes";
import { OrganizationInput } from "@/lib/services/organizations/schemas";
import { updateOrganization as update } from "@/lib/services/organizations/update-organization";

export const updateOrganization = orgAction({
  schema: OrganizationInput,
  minimumRole: "admin",
  handler: update,
  // A new slug moves every page: continue at the new address.
  redirectTo: (org, ctx) => (org.slug !== ctx.org.slug ? orgPath(org.slug, "settings/general") : null),
});
