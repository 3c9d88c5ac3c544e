"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/user-action";
import { orgPath } from "@/lib/auth/routes";
import { acceptInvitation as accept } from "@/lib/services/organizations/accept-invitation";

export const acceptInvitation = userAction({
  schema: z.object({ token: z.string() }),
  handler: (ctx, { token }) => accept(ctx, token),
  redirectTo: ({ slug }) => orgPath(slug),
});
