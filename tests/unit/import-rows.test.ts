import { describe, expect, it } from "vitest";
import { CsvTable, formatCsvRow, isCsvRowProblem, type CsvRow } from "@/lib/core/usage/csv.ts";
import { clip, serviceSlug } from "@/lib/core/usage/focus-columns.ts";
import {
  RowMapper, inspectHeader, isRowProblem, parseAmount, parseTimestamp, type MappedRow, type RowProblem,
} from "@/lib/core/usage/import-rows.ts";
import { usageEventSchema } from "@/lib/core/usage/ingest-event.ts";

/** The page's pipeline on a string: CSV → header check → rows mapped in order, CSV problems kept in place. */
async function importCsv(text: string) {
  const table = new CsvTable();
  const records = [...table.push(text), ...table.end()];
  const header = inspectHeader(table.header ?? []);
  if (!header.ok) throw new Error(header.message);
  const mapper = new RowMapper(table.header ?? [], header.format);
  const mapped = await mapper.map(records.filter((row): row is CsvRow => !isCsvRowProblem(row)));
  const all: (MappedRow | RowProblem)[] = [...mapped, ...records.filter(isCsvRowProblem)].sort((a, b) => a.line - b.line);
  return { format: header.format, ignored: header.ignored, rows: all };
}

const events = (rows: (MappedRow | RowProblem)[]) => rows.filter((row): row is MappedRow => !isRowProblem(row)).map((row) => row.event);
const ids = async (text: string) => events((await importCsv(text)).rows).map((event) => event.id);
const problems = (rows: (MappedRow | RowProblem)[]) => rows.filter(isRowProblem);

const csv = (rows: string[][]) => rows.map(formatCsvRow).join("\r\n") + "\r\n";

describe("native format", () => {
  const text = csv([
    ["id", "timestamp", "service", "model", "input_tokens", "output_tokens", "cost", "currency", "team", "environment", "tag:customer", "status", "error_code"],
    ["req-1", "2026-11-20T10:00:00Z", "openai", "gpt-4o", "1200", "350", "", "", "search", "production", "acme", "", ""],
    ["", "2026-11-20 11:30", "Anthropic", "claude-sonnet-4-5", "2000", "300", "", "", "", "", "", "", ""],
    ["", "2026-11-20", "twilio", "sms-outbound-us", "", "", "0.0079", "USD", "", "", "", "error", "30003"],
    ["req-4", "yesterday", "openai", "gpt-4o", "1", "1", "", "", "", "", "", "", ""],
    ["req-5", "2026-11-20T10:00:00Z", "openai", "gpt-4o", "12.5", "1", "", "", "", "", "", "", ""],
    ["req-6", "2026-11-20T10:00:00Z", "open ai", "gpt-4o", "1", "1", "", "", "", "", "", "", ""],
    ["req-7", "2026-11-20T10:00:00+01:00", "openai", "gpt-4o", "1", "", "-1", "USD", "", "", "", "", ""],
  ]);

  it("maps API-named columns to events; empty cells are absent fields", async () => {
    const { format, rows } = await importCsv(text);
    expect(format).toBe("native");
    const [first, second, third] = events(rows);
    expect(first).toEqual({
      id: "req-1", timestamp: "2026-11-20T10:00:00.000Z", service: "openai", model: "gpt-4o",
      quantities: { input_tokens: 1200, output_tokens: 350 }, team: "search", environment: "production", tags: { customer: "acme" },
    });
    expect(second).toMatchObject({ timestamp: "2026-11-20T11:30:00.000Z", service: "anthropic", quantities: { input_tokens: 2000, output_tokens: 300 } });
    expect(second.id).toMatch(/^csv-[0-9a-f]{32}-1$/);
    expect(third).toMatchObject({ timestamp: "2026-11-20T00:00:00.000Z", cost: "0.0079", currency: "USD", status: "error", error_code: "30003" });
    expect(third).not.toHaveProperty("quantities");
    for (const event of events(rows)) expect(usageEventSchema.safeParse(event).success).toBe(true);
  });

  it("reports each bad row with its line, code and the column at fault", async () => {
    const { rows } = await importCsv(text);
    expect(problems(rows)).toEqual([
      { line: 5, code: "invalid_field", message: 'timestamp: "yesterday" is not a date and time like 2026-11-22T10:00:00Z.' },
      { line: 6, code: "invalid_field", message: 'input_tokens: "12.5" is not a whole number.' },
      { line: 7, code: "invalid_field", message: "service: lowercase letters, digits, . _ -" },
      { line: 8, code: "negative_cost", message: expect.stringContaining("cost is negative") },
    ]);
  });

  it("refuses unknown columns and a header without the required ones, and names them", () => {
    expect(inspectHeader(["timestamp", "service", "model", "input_token", "tokens_out"])).toEqual({
      ok: false, message: expect.stringContaining('Unknown columns "input_token" or "tokens_out"'),
    });
    expect(inspectHeader(["id", "service", "input_tokens"])).toEqual({ ok: false, message: "The header has no timestamp or model column." });
    expect(inspectHeader(["timestamp", "Service", "model", "service"])).toMatchObject({ ok: false, message: expect.stringContaining("twice") });
    expect(inspectHeader(["Timestamp", "SERVICE", "model", "tag:Owner", ""])).toEqual({ ok: true, format: "native", ignored: [] });
  });

  it("derives the same ids from the same file, whatever the column order, and counts identical rows apart", async () => {
    const rows = [
      ["timestamp", "service", "model", "requests"],
      ["2026-11-20T10:00:00Z", "resend", "email", "1"],
      ["2026-11-20T10:00:00Z", "resend", "email", "1"],
      ["2026-11-20T10:00:00Z", "resend", "email", "2"],
    ];
    const once = await ids(csv(rows));
    const again = await ids(csv(rows));
    const reordered = await ids(csv(rows.map(([a, b, c, d]) => [d, c, b, a])));
    expect(again).toEqual(once);
    expect(reordered).toEqual(once);
    expect(new Set(once).size).toBe(3);
    expect(once[0].replace(/-1$/, "-2")).toBe(once[1]);
    expect(once[2]).toMatch(/-1$/);
  });

  it("gives rows that fail no place in the duplicate count", async () => {
    const good = ["2026-11-20T10:00:00Z", "resend", "email", "1"];
    const withBad = await importCsv(csv([["timestamp", "service", "model", "requests"], good, ["2026-11-20T10:00:00Z", "resend", "email", "x"], good]));
    const without = await importCsv(csv([["timestamp", "service", "model", "requests"], good, good]));
    expect(events(withBad.rows).map((event) => event.id)).toEqual(events(without.rows).map((event) => event.id));
    expect(events(withBad.rows)).toHaveLength(2);
  });
});

// A FOCUS 1.0 export as AWS Data Exports writes it (a subset of its columns, x_ columns included).
const AWS_HEADER = [
  "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
  "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "EffectiveCost", "ListCost",
  "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "ResourceId", "ResourceType", "ServiceCategory",
  "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags", "x_Operation", "x_UsageType",
];
function awsRow(values: Partial<Record<string, string>>): string[] {
  const base: Record<string, string> = {
    BillingAccountId: "111122223333", BillingCurrency: "USD", BillingPeriodStart: "2026-11-01T00:00:00Z", ChargeCategory: "Usage",
    ChargePeriodEnd: "2026-11-20T11:00:00Z", ChargePeriodStart: "2026-11-20T10:00:00Z", ProviderName: "AWS", PublisherName: "Amazon Web Services, Inc.",
    RegionId: "us-east-1", SubAccountId: "444455556666", SubAccountName: "search-prod",
  };
  return AWS_HEADER.map((column) => values[column] ?? base[column] ?? "");
}
const AWS = csv([
  AWS_HEADER,
  awsRow({
    AvailabilityZone: "us-east-1a", BilledCost: "0.0104", ChargeDescription: "$0.0104 per On Demand Linux t3.micro Instance Hour",
    ConsumedQuantity: "1", ConsumedUnit: "Hrs", EffectiveCost: "0.0104", ListCost: "0.0104", PricingQuantity: "1", PricingUnit: "Hours",
    ResourceId: "arn:aws:ec2:us-east-1:444455556666:instance/i-0abc123", ResourceType: "Instance", ServiceCategory: "Compute",
    ServiceName: "Amazon Elastic Compute Cloud", SkuId: "JRTCKXETXF", SkuPriceId: "JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7",
    Tags: '{"team":"search","Environment":"production","aws:createdBy":"IAMUser:AIDA:ci"}', x_Operation: "RunInstances", x_UsageType: "BoxUsage:t3.micro",
  }),
  awsRow({
    BilledCost: "0.022716", ChargeDescription: "$0.023 per GB - first 50 TB / month of storage used", ConsumedQuantity: "0.98765432",
    ConsumedUnit: "GB-Mo", ResourceId: "search-index-snapshots", ServiceCategory: "Storage", ServiceName: "Amazon Simple Storage Service",
    SkuId: "WP9ANXZGBYYSGJEA", SkuPriceId: "WP9ANXZGBYYSGJEA.JRTCKXETXF.6YS6EN2CT7", Tags: "{}",
  }),
  awsRow({ BilledCost: "1.2E-7", ServiceName: "AWS Lambda", ServiceCategory: "Compute", SkuId: "9G23QA7D7K9Q8DEZ", ConsumedQuantity: "6", ConsumedUnit: "Requests" }),
  awsRow({ BilledCost: "0.84", ChargeCategory: "Tax", ChargeDescription: "Tax for product code AmazonEC2", ServiceName: "Amazon Elastic Compute Cloud", ServiceCategory: "Compute" }),
  awsRow({ BilledCost: "-5.00", ChargeCategory: "Credit", ChargeDescription: "AWS Activate credits", ServiceName: "Amazon Elastic Compute Cloud", ServiceCategory: "Compute" }),
  awsRow({ BilledCost: "0.5", ChargePeriodStart: "", ServiceName: "AWS Lambda", SkuId: "X" }),
]);

// An Azure cost export in FOCUS 1.0 (subset), with provider x_ columns and its own date-time style.
const AZURE = [
  "BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,ConsumedQuantity,ConsumedUnit,EffectiveCost,ProviderName," +
    "RegionName,ResourceId,ResourceName,ResourceType,ServiceCategory,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags," +
    "x_ResourceGroupName,x_SkuMeterName",
  '12.3456,EUR,Usage,2026-11-19T00:00:00.0000000Z,2026-11-20T00:00:00Z,24,Hours,12.3456,Microsoft,West Europe,' +
    '/subscriptions/0000/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/trainer-1,trainer-1,Virtual machine,Compute,' +
    'Virtual Machines,DZH318Z0BQ4V,DZH318Z0BQ4V/00G1,0000-1111,Contoso ML,"{""team"":""ml"",""project"":""ranker"",""env"":""staging"",""archived"":true}",' +
    "ml,D4s v5",
  '0.73,EUR,Usage,2026-11-19T00:00:00Z,2026-11-20T00:00:00Z,1.5,1K Tokens,0.73,Microsoft,Sweden Central,,,,AI and Machine Learning,' +
    "Azure OpenAI,,,0000-1111,Contoso ML,not json,ml,gpt-4o input",
].join("\n");

describe("FOCUS format", () => {
  it("recognizes an AWS export and ignores the columns it does not map", async () => {
    const { format, ignored } = await importCsv(AWS);
    expect(format).toBe("focus");
    expect(ignored).toEqual(expect.arrayContaining(["AvailabilityZone", "EffectiveCost", "ListCost", "x_Operation", "x_UsageType"]));
    expect(ignored).not.toContain("BilledCost");
  });

  it("maps an AWS usage row: provided cost, sluged service, most specific SKU, whole quantity as units, tags and dimensions", async () => {
    const [ec2] = events((await importCsv(AWS)).rows);
    expect(ec2).toEqual({
      id: expect.stringMatching(/^focus-[0-9a-f]{32}-1$/),
      timestamp: "2026-11-20T10:00:00.000Z",
      service: "amazon-elastic-compute-cloud",
      model: "JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7",
      cost: "0.0104",
      currency: "USD",
      quantities: { units: 1 },
      team: "search",
      project: "search-prod",
      environment: "production",
      tags: {
        "focus.provider": "AWS",
        "focus.charge_category": "Usage",
        "focus.region": "us-east-1",
        "focus.resource_id": "arn:aws:ec2:us-east-1:444455556666:instance/i-0abc123",
        "focus.charge_description": "$0.0104 per On Demand Linux t3.micro Instance Hour",
        "focus.consumed_unit": "Hrs",
        Environment: "production",
        "aws:createdBy": "IAMUser:AIDA:ci",
        team: "search",
      },
    });
  });

  it("keeps a fractional quantity exactly in a tag, converts an exponent exactly, and falls back to the description for tax", async () => {
    const [, s3, lambda, tax] = events((await importCsv(AWS)).rows);
    expect(s3).toMatchObject({ service: "amazon-simple-storage-service", cost: "0.022716", tags: { "focus.consumed_quantity": "0.98765432", "focus.consumed_unit": "GB-Mo" } });
    expect(s3).not.toHaveProperty("quantities");
    expect(lambda).toMatchObject({ service: "aws-lambda", model: "9G23QA7D7K9Q8DEZ", cost: "0.00000012", quantities: { units: 6 } });
    expect(tax).toMatchObject({ model: "Tax for product code AmazonEC2", cost: "0.84", tags: { "focus.charge_category": "Tax" } });
    expect(tax.tags).not.toHaveProperty("focus.charge_description");
  });

  it("reports credits and rows missing a required value with their line", async () => {
    expect(problems((await importCsv(AWS)).rows)).toEqual([
      { line: 6, code: "negative_cost", message: expect.stringContaining("BilledCost is negative (-5.00)") },
      { line: 7, code: "missing_field", message: "ChargePeriodStart is empty." },
    ]);
  });

  it("maps an Azure export: subscription as project unless a project tag says otherwise, 7-digit fractions, tag values as text", async () => {
    const { rows, ignored } = await importCsv(AZURE);
    expect(ignored).toEqual(expect.arrayContaining(["ResourceName", "x_ResourceGroupName", "x_SkuMeterName"]));
    const [vm] = events(rows);
    expect(vm).toMatchObject({
      timestamp: "2026-11-19T00:00:00.000Z", service: "virtual-machines", model: "DZH318Z0BQ4V/00G1", cost: "12.3456", currency: "EUR",
      quantities: { units: 24 }, team: "ml", project: "ranker", environment: "staging",
      tags: { "focus.provider": "Microsoft", "focus.region": "West Europe", archived: "true", project: "ranker" },
    });
    expect(problems(rows)).toEqual([{ line: 3, code: "invalid_field", message: expect.stringContaining("Tags is not valid JSON") }]);
  });

  it("derives ids from everything but the amounts: same file, same ids; a restated cost is the same charge", async () => {
    const first = await ids(AWS);
    expect(await ids(AWS)).toEqual(first);
    const restated = events((await importCsv(AWS.replace("0.022716", "0.023001"))).rows);
    expect(restated.map((event) => event.id)).toEqual(first);
    expect(restated[1].cost).toBe("0.023001");
  });

  it("keeps the derived tags and as many of the row's own as fit in 20, and says what was left out", async () => {
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${String(i).padStart(2, "0")}`, "v"]));
    const text = csv([
      ["BilledCost", "BillingCurrency", "ChargePeriodStart", "ProviderName", "ServiceName", "SkuId", "ChargeCategory", "Tags"],
      ["1", "USD", "2026-11-20T00:00:00Z", "Acme Cloud", "Búsqueda Plus", "sku-1", "Usage", JSON.stringify(tags)],
    ]);
    const [row] = (await importCsv(text)).rows as MappedRow[];
    expect(Object.keys(row.event.tags ?? {})).toHaveLength(20);
    expect(row.event.service).toBe("busqueda-plus");
    expect(row.event.tags).toMatchObject({ "focus.provider": "Acme Cloud", "focus.charge_category": "Usage", k00: "v", k17: "v" });
    expect(row.event.tags).not.toHaveProperty("k18");
    expect(row.notes).toEqual(["2 tags left out (at most 20 per event): k18, k19."]);
  });

  it("names the FOCUS column at fault when a value is not what the API takes", async () => {
    const text = csv([
      ["BilledCost", "BillingCurrency", "ChargePeriodStart", "ServiceName", "SkuId"],
      ["1", "US Dollar", "2026-11-20T00:00:00Z", "Compute Engine", "sku-1"],
      ["1", "usd", "2026-11-20T00:00:00Z", "Compute Engine", "sku-1"],
    ]);
    const { rows } = await importCsv(text);
    expect(problems(rows)).toEqual([{ line: 2, code: "invalid_field", message: 'BillingCurrency: an ISO 4217 code like "USD"' }]);
    expect(events(rows)[0]).toMatchObject({ currency: "USD", service: "compute-engine" });
  });

  it("needs the FOCUS money columns", () => {
    expect(inspectHeader(["BilledCost", "ChargePeriodStart", "ServiceName"])).toEqual({ ok: false, message: "This FOCUS export has no BillingCurrency column." });
    expect(inspectHeader(["billedcost", "chargeperiodstart", "billingcurrency", "servicename"])).toMatchObject({ ok: true, format: "focus" });
  });
});

describe("cells", () => {
  it("reads times as UTC ISO timestamps and refuses impossible ones", () => {
    expect(parseTimestamp("2026-11-20T10:00:00Z", "t")).toBe("2026-11-20T10:00:00.000Z");
    expect(parseTimestamp("2026-11-20T10:00:00.1234567Z", "t")).toBe("2026-11-20T10:00:00.123Z");
    expect(parseTimestamp("2026-11-20T10:00:00+0530", "t")).toBe("2026-11-20T04:30:00.000Z");
    expect(parseTimestamp("2026-11-20 10:00", "t")).toBe("2026-11-20T10:00:00.000Z");
    expect(parseTimestamp("2024-02-29", "t")).toBe("2024-02-29T00:00:00.000Z");
    for (const bad of ["2026-02-29", "2026-13-01", "2026-11-20T24:00:00Z", "20/11/2026", "2026-11-20T10:00:00+15:00", ""]) {
      expect(parseTimestamp(bad, "t"), bad).toMatchObject({ code: "invalid_field" });
    }
  });

  it("reads amounts exactly, including exponents, and rounds only beyond 20 decimal places", () => {
    expect(parseAmount("0.0025", "c")).toEqual({ value: "0.0025" });
    expect(parseAmount("1.50", "c")).toEqual({ value: "1.5" });
    expect(parseAmount(".5", "c")).toEqual({ value: "0.5" });
    expect(parseAmount("2.5E3", "c")).toEqual({ value: "2500" });
    expect(parseAmount("-0.00", "c")).toEqual({ value: "0" });
    expect(parseAmount("1.23456789012345E-7", "c")).toEqual({ value: "0.00000012345678901234", note: "c 1.23456789012345E-7 rounded to 20 decimal places." });
    expect(parseAmount("12345678901", "c")).toMatchObject({ code: "invalid_field" });
    expect(parseAmount("$3", "c")).toMatchObject({ code: "invalid_field" });
    expect(parseAmount("1,000", "c")).toMatchObject({ code: "invalid_field" });
  });

  it("slugs service names and clips long text without splitting a character", () => {
    expect(serviceSlug("Amazon Elastic Compute Cloud")).toBe("amazon-elastic-compute-cloud");
    expect(serviceSlug("  Azure OpenAI (preview) ")).toBe("azure-openai-preview");
    expect(serviceSlug("日本")).toBe("");
    expect(serviceSlug("x".repeat(70))).toHaveLength(64);
    expect(clip("abc", 3)).toBe("abc");
    expect(clip("abcd", 3)).toBe("ab…");
    expect(clip("a😀b", 3)).toBe("a…");
  });
});
