/** GET /<org>/explore/export?kind=groups|series&… — the group table or the series as CSV (lib/services/usage/explore-export.ts). */
import { exportExploreCsv } from "@/lib/services/usage/explore-export";
import { ExploreExportQuery } from "@/lib/services/usage/explore-schemas";
import { NO_STORE, orgRoute } from "@/lib/actions/org-route";

export const GET = orgRoute({ schema: ExploreExportQuery, handler: exportExploreCsv }, ({ filename, csv }) =>
  new Response(csv, {
    headers: { ...NO_STORE, "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  }),
);
