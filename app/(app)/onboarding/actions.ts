"use server";

import { userAction } from "@/lib/actions/user-action";
import { orgPath } from "@/lib/auth/routes";
import { createOrganization as create } from "@/lib/services/organizations/create-organization";
import { OrganizationInput } from "@/lib/services/organizations/schemas";

export const createOrganization = userAction({
  schema: OrganizationInput,
  handler: create,
  redirectTo: (org) => orgPath(org.slug),
});
