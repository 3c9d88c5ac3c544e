/** GET /api/v1/approvals/{id} — poll an approval request (scope: check). See lib/services/checks/get-approval.ts. */
import { apiRoute } from "@/lib/api/route";
import { getApproval } from "@/lib/services/checks/get-approval";
import { ApprovalResponse } from "@/lib/services/checks/schemas";

export const GET = apiRoute({
  scope: "check",
  output: ApprovalResponse,
  handler: (ctx) => getApproval(ctx.apiKey, ctx.params.id),
});
