"use server";

import { orgAction } from "@/lib/actions/org-action";
import { orgPath } from "@/lib/auth/routes";
import { OrganizationInput, RetentionInput } from "@/lib/services/organizations/schemas";
import { updateOrganization as update } from "@/lib/services/organizations/update-organization";
import { updateRetention as updateRetentionVerb } from "@/lib/services/organizations/update-retention";

export const updateOrganization = orgAction({
  schema: OrganizationInput,
  minimumRole: "admin",
  handler: update,
  // A new slug moves every page: continue at the new address.
  redirectTo: (org, ctx) => (org.slug !== ctx.org.slug ? orgPath(org.slug, "settings/general") : null),
});

export const updateRetention = orgAction({ schema: RetentionInput, minimumRole: "admin", handler: updateRetentionVerb });
