/** GET /api/v1/spend — spend totals and time series from the hourly rollups (scope: read). See lib/services/usage/get-spend.ts. */
import { apiRoute } from "@/lib/api/route";
import { getSpend } from "@/lib/services/usage/get-spend";
import { SpendQuery, SpendResponse } from "@/lib/services/usage/spend-schemas";

export const GET = apiRoute({
  scope: "read",
  input: SpendQuery,
  output: SpendResponse,
  handler: (ctx, query) => getSpend(ctx.apiKey, query),
});
