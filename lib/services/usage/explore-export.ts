/**
 * CSV downloads of what the Explore page shows, for the signed-in member: the group table (every
 * group, not just the chart's top ones) or the full time series. Costs are the exact decimal
 * strings the query returns — never rounded, never floats — in the organization's base currency,
 * which is a column of its own. Cells a spreadsheet would run as a formula are prefixed with '.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { resolveExploreRange } from "./explore-range";
import type { ExploreExportQueryValues } from "./explore-schemas";
import { exploreOrg, exploreSpendRequest } from "./explore-spend-request";
import { querySpend, querySpendGroups } from "./spend-query";

/** Far more groups than a page shows; the series is capped by SPEND_MAX_ROWS (a 400 beyond). */
const EXPORT_GROUP_LIMIT = 100_000;

const SERIES_NAMES = { hour: "hourly", day: "daily", month: "monthly" } as const;

export type CsvFile = { filename: string; csv: string };

export async function exportExploreCsv(ctx: OrgContext, query: ExploreExportQueryValues): Promise<CsvFile> {
  return asActor(ctx.actor, async (tx) => {
    const range = await resolveExploreRange(tx, ctx.org.timezone, query);
    const request = exploreSpendRequest(query, range);
    const org = exploreOrg(ctx);
    const dimension = query.group_by ?? null;
    const valueOf = (group: Record<string, string | null>) => (dimension ? group[dimension] ?? "" : "all");
    // The first day in the organization's zone (en-CA writes dates as YYYY-MM-DD).
    const firstDay = new Intl.DateTimeFormat("en-CA", { timeZone: org.timezone, dateStyle: "short" }).format(request.from);
    const name = (kind: string) => `spend-${kind}-${ctx.org.slug}-${firstDay}.csv`;

    if (query.kind === "groups") {
      const { groups } = await querySpendGroups(tx, org, request, EXPORT_GROUP_LIMIT);
      const header = [dimension ?? "group", "cost", "currency", "share_percent", "events", "unpriced_events", "errors"];
      const rows = groups.map((row) => [
        valueOf(row.group), row.cost, org.baseCurrency, row.share_percent ?? "", String(row.events), String(row.unpriced_events), String(row.errors),
      ]);
      return { filename: name("by-group"), csv: toCsv([header, ...rows]) };
    }
    const spend = await querySpend(tx, org, request);
    const header = ["bucket_start", dimension ?? "group", "cost", "currency", "events", "unpriced_events", "errors"];
    const rows = spend.series.map((row) => [
      row.bucket_start, valueOf(row.group), row.cost, org.baseCurrency, String(row.events), String(row.unpriced_events), String(row.errors),
    ]);
    return { filename: name(SERIES_NAMES[spend.granularity]), csv: toCsv([header, ...rows]) };
  });
}

function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
