/**
 * CSV import against the integration stack: files are mapped by the same code the page runs
 * (CsvTable + RowMapper), chunks go through the action core and the service verb into the real
 * ingest. Idempotency across uploads, per-line rejections, FOCUS costs as billed, and who may import.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, superuserSql } from "./org-support.ts";
import { teamOrg, type TeamOrg } from "./api-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { runOrgAction } from "../../lib/actions/run-action.ts";
import { CsvTable, formatCsvRow, isCsvRowProblem, type CsvRow } from "../../lib/core/usage/csv.ts";
import { RowMapper, inspectHeader, isRowProblem, type MappedRow } from "../../lib/core/usage/import-rows.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import { ImportChunkInput, importEvents, type ImportChunkResult } from "../../lib/services/usage/import-events.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let team: TeamOrg;
let admin: OrgContext;
beforeAll(async () => {
  team = await teamOrg(sql, "import");
  admin = await team.as("admin");
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const csv = (rows: string[][]) => rows.map(formatCsvRow).join("\n") + "\n";

/** What the page does with a file: read, check the header, map every row with ids (one mapper per upload). */
async function mapFile(text: string): Promise<MappedRow[]> {
  const table = new CsvTable();
  const records = [...table.push(text), ...table.end()].filter((row): row is CsvRow => !isCsvRowProblem(row));
  const header = inspectHeader(table.header ?? []);
  if (!header.ok) throw new Error(header.message);
  const mapped = await new RowMapper(table.header ?? [], header.format).map(records);
  return mapped.filter((row): row is MappedRow => !isRowProblem(row));
}

const chunk = (rows: MappedRow[]) => ({ rows: rows.map(({ line, event }) => ({ line, event })) });

async function upload(ctx: OrgContext, text: string): Promise<ImportChunkResult> {
  return importEvents(ctx, chunk(await mapFile(text)));
}

async function eventCount(orgId: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.usage_events where org_id = ${orgId}`;
  return n;
}

async function rollupTotals(orgId: string) {
  const [row] = await sql<{ cost: string; events: string }[]>`
    select coalesce(sum(cost), 0)::text as cost, coalesce(sum(event_count), 0)::text as events
    from public.spend_rollups where org_id = ${orgId}`;
  return row;
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("importing usage from CSV", () => {
  it("stores an admin's rows once: the same file again is all duplicates, and identical rows count twice", async () => {
    const ctx = (await teamOrg(sql, "import-once")).owner;
    const at = hoursAgo(2);
    const text = csv([
      ["id", "timestamp", "service", "model", "input_tokens", "output_tokens", "team", "tag:batch"],
      [`own-${Date.now()}`, at, "openai", "gpt-4o", "1200", "350", "search", "nightly"],
      ["", at, "anthropic", "claude-sonnet-4-5", "2000", "300", "", ""],
      ["", at, "anthropic", "claude-sonnet-4-5", "2000", "300", "", ""],
    ]);
    expect(await upload(ctx, text)).toEqual({ accepted: 3, duplicates: 0, duplicateLines: [], rejected: [] });
    const stored = await sql<{ client_event_id: string; source: string; api_key_id: string | null; pricing_status: string; team: string | null; tags: Record<string, string> }[]>`
      select client_event_id, source, api_key_id, pricing_status, team, tags from public.usage_events where org_id = ${ctx.org.id} order by client_event_id`;
    expect(stored).toHaveLength(3);
    expect(stored.every((row) => row.source === "import" && row.api_key_id === null && row.pricing_status === "priced")).toBe(true);
    expect(stored.find((row) => row.team === "search")?.tags).toEqual({ batch: "nightly" });
    expect(stored.filter((row) => row.client_event_id.startsWith("csv-")).map((row) => row.client_event_id.slice(-2)).sort()).toEqual(["-1", "-2"]);

    const before = await rollupTotals(ctx.org.id);
    expect(Number(before.events)).toBe(3);
    expect(await upload(ctx, text)).toEqual({ accepted: 0, duplicates: 3, duplicateLines: [2, 3, 4], rejected: [] });
    expect(await rollupTotals(ctx.org.id)).toEqual(before);
    expect(await eventCount(ctx.org.id)).toBe(3);
    expect(await rollupMismatches(sql, ctx.org.id)).toEqual([]);
  });

  it("reports the rows the server refuses with their CSV line, and stores the rest", async () => {
    const ctx = (await teamOrg(sql, "import-reject")).owner;
    const text = csv([
      ["timestamp", "service", "model", "requests", "status", "error_code", "currency"],
      [hoursAgo(1), "resend", "email", "1", "", "", ""],
      [new Date(Date.now() + 3 * 3_600_000).toISOString(), "resend", "email", "1", "", "", ""],
      [hoursAgo(1), "resend", "email", "2", "ok", "bounced", ""],
      [hoursAgo(1), "resend", "email", "3", "", "", "USD"],
      ["2020-01-01T00:00:00Z", "resend", "email", "4", "", "", ""],
    ]);
    const result = await upload(ctx, text);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map(({ line, code }) => [line, code])).toEqual([
      [3, "timestamp_in_future"], [4, "invalid_field"], [5, "invalid_field"], [6, "timestamp_too_old"],
    ]);
    expect(result.rejected[1].message).toMatch(/error_code/);
    expect(await eventCount(ctx.org.id)).toBe(1);
  });

  it("stores FOCUS rows with the cost the bill gives, exactly, under the provider's service", async () => {
    const ctx = (await teamOrg(sql, "import-focus")).owner;
    const at = hoursAgo(3);
    const text = csv([
      ["BilledCost", "BillingCurrency", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd", "ConsumedQuantity", "ConsumedUnit", "EffectiveCost",
        "ProviderName", "RegionId", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountName", "Tags", "x_UsageType"],
      ["0.0104", "USD", "Usage", at, hoursAgo(2), "1", "Hrs", "0.0104", "AWS", "us-east-1", "Compute", "Amazon Elastic Compute Cloud",
        "JRTCKXETXF", "JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7", "search-prod", '{"team":"search"}', "BoxUsage:t3.micro"],
      ["0.000000012345678901", "USD", "Usage", at, hoursAgo(2), "0.25", "GB-Mo", "0", "AWS", "us-east-1", "Storage", "Amazon Simple Storage Service",
        "WP9ANXZGBYYSGJEA", "", "search-prod", "", "TimedStorage-ByteHrs"],
      ["-3.10", "USD", "Credit", at, hoursAgo(2), "", "", "-3.10", "AWS", "", "Compute", "Amazon Elastic Compute Cloud", "", "", "search-prod", "", ""],
    ]);
    const mapped = await mapFile(text);
    expect(mapped.map((row) => row.line)).toEqual([2, 3]);
    expect(await importEvents(ctx, chunk(mapped))).toMatchObject({ accepted: 2, rejected: [] });
    const rows = await sql<{ service: string; model: string; cost: string; pricing_status: string; project: string; team: string | null; quantities: Record<string, string>; tags: Record<string, string> }[]>`
      select service, model, cost::text, pricing_status, project, team, quantities, tags from public.usage_events
      where org_id = ${ctx.org.id} order by cost desc`;
    expect(rows).toEqual([
      expect.objectContaining({
        service: "amazon-elastic-compute-cloud", model: "JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7", cost: "0.0104", pricing_status: "provided",
        project: "search-prod", team: "search", quantities: { unit: "1" },
        tags: expect.objectContaining({ "focus.provider": "AWS", "focus.region": "us-east-1", "focus.consumed_unit": "Hrs", team: "search" }),
      }),
      expect.objectContaining({
        service: "amazon-simple-storage-service", model: "WP9ANXZGBYYSGJEA", cost: "0.000000012345678901", pricing_status: "provided",
        quantities: {}, tags: expect.objectContaining({ "focus.consumed_quantity": "0.25", "focus.consumed_unit": "GB-Mo" }),
      }),
    ]);
    expect((await rollupTotals(ctx.org.id)).cost).toBe("0.010400012345678901");
    expect(await importEvents(ctx, chunk(await mapFile(text)))).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it("lets only admins and owners import; outsiders get not-found; nothing is stored either way", async () => {
    const rows = chunk(await mapFile(csv([["timestamp", "service", "model", "requests"], [hoursAgo(1), "resend", "email", "1"]])));
    const config = { schema: ImportChunkInput, minimumRole: "admin" as const, handler: importEvents };
    const before = await eventCount(team.owner.org.id);
    for (const role of ["member", "viewer"] as const) {
      const ctx = await team.as(role);
      const { result } = await runOrgAction(ctx.actor.claims, config, { orgSlug: team.owner.org.slug, ...rows });
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect((await rejection(importEvents(ctx, rows))).code).toBe("forbidden");
      // A context claiming more than the database grants changes nothing.
      expect((await rejection(importEvents({ ...ctx, org: { ...ctx.org, role: "owner" } }, rows))).code).toBe("not_found");
    }
    const outsider = await newUser("import-outsider");
    const { result } = await runOrgAction(outsider.claims, config, { orgSlug: team.owner.org.slug, ...rows });
    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    const other = (await teamOrg(sql, "import-other")).owner;
    expect((await rejection(importEvents({ ...other, org: { ...team.owner.org } }, rows))).code).toBe("not_found");
    expect((await runOrgAction(null, config, { orgSlug: team.owner.org.slug, ...rows })).result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await eventCount(team.owner.org.id)).toBe(before);

    const { result: allowed } = await runOrgAction(admin.actor.claims, config, { orgSlug: team.owner.org.slug, ...rows });
    expect(allowed).toMatchObject({ ok: true, data: { accepted: 1 } });
    expect(await eventCount(team.owner.org.id)).toBe(before + 1);
  });

  it("refuses an empty chunk and one over 500 rows", async () => {
    expect((await rejection(importEvents(admin, { rows: [] }))).code).toBe("invalid");
    const many = Array.from({ length: 501 }, (_, i) => ({ line: i + 2, event: {} }));
    expect((await rejection(importEvents(admin, { rows: many }))).code).toBe("invalid");
  });
});
