"use server";

import { orgAction } from "@/lib/actions/org-action";
import { decideApproval as decide, DecideApprovalInput } from "@/lib/services/checks/decide-approval";

export const decideApproval = orgAction({ schema: DecideApprovalInput, minimumRole: "admin", handler: decide });
