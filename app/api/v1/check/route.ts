/** POST /api/v1/check — the pre-spend decision, with an optional reservation (scope: check). See lib/services/checks/check-spend.ts. */
import { apiRoute } from "@/lib/api/route";
import { checkSpend } from "@/lib/services/checks/check-spend";
import { CheckRequest, CheckResponse } from "@/lib/services/checks/schemas";

export const POST = apiRoute({
  scope: "check",
  input: CheckRequest,
  output: CheckResponse,
  handler: (ctx, input) => checkSpend(ctx.apiKey, input),
});
