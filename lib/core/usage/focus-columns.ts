/**
 * Which FOCUS (FinOps Open Cost and Usage Specification 1.x) columns become which usage-event
 * fields. FOCUS is the billing export format of AWS, Azure, Google Cloud, Oracle and others: one
 * row per charge, costs already computed. The README's "Importing usage from CSV" has the table.
 *
 * What the spec guarantees and this relies on: BilledCost, BillingCurrency, ChargePeriodStart,
 * ChargeCategory, ServiceName and ProviderName are present; date/times are UTC ISO 8601; Tags is a
 * JSON object whose values are strings, numbers, booleans (a key-only tag is `true`) or null;
 * providers' own columns start with `x_`. Columns not named here are ignored, never rejected.
 *
 * Parsing of the time and the amount is shared with the native format (import-rows.ts); this file
 * decides the rest and returns it as a draft.
 */

/** The columns a FOCUS file is recognized by (both required by every FOCUS version). */
export const FOCUS_SIGNATURE = ["BilledCost", "ChargePeriodStart"] as const;
/** Must be present in the header for the rows to mean anything here. */
export const FOCUS_REQUIRED = ["ChargePeriodStart", "BilledCost", "BillingCurrency"] as const;
/** One of these names the service. */
const SERVICE_COLUMNS = ["ServiceName", "ProviderName", "ServiceCategory"] as const;
/** The model is the most specific of these that a row fills (a price point, a SKU, a kind of resource, words). */
const MODEL_COLUMNS = ["SkuPriceId", "SkuId", "ResourceType", "ChargeDescription", "ChargeCategory"] as const;

export const FOCUS_MAPPED_COLUMNS = [
  ...FOCUS_REQUIRED, ...SERVICE_COLUMNS, ...MODEL_COLUMNS, "SkuMeter", "ConsumedQuantity", "ConsumedUnit",
  "SubAccountName", "SubAccountId", "Tags", "RegionId", "RegionName", "ResourceId",
] as const;

export type FocusColumn = (typeof FOCUS_MAPPED_COLUMNS)[number];

/** Everything but the amounts tells one charge from another (see focusIdentity). */
const AMOUNT_COLUMN = /cost|price|quantity/i;

export function isFocusIdentityColumn(name: string): boolean {
  return name !== "" && !AMOUNT_COLUMN.test(name);
}

const MAX_TAGS = 20;
const TAG_KEY_MAX = 64;
const TAG_VALUE_MAX = 256;
const LABEL_MAX = 200;
const OPERATION_MAX = 100;
const SERVICE_MAX = 64;
/** The API's bound on any count. */
const MAX_UNITS = 1_000_000_000_000;

export type FocusDraft = {
  timestamp: string;
  cost: string;
  currency: string;
  service: string;
  model: string;
  operation?: string;
  units?: number;
  team?: string;
  project?: string;
  environment?: string;
  tags: Record<string, string>;
  notes: string[];
};

export type FocusProblem = { code: "missing_field" | "invalid_field"; message: string };

/** `get` returns a column's trimmed cell, "" when the column is absent or the cell empty. */
export function focusDraft(get: (column: FocusColumn) => string): FocusDraft | FocusProblem {
  for (const column of FOCUS_REQUIRED) {
    if (get(column) === "") return { code: "missing_field", message: `${column} is empty.` };
  }
  const service = SERVICE_COLUMNS.map((column) => serviceSlug(get(column))).find((slug) => slug !== "");
  if (!service) return { code: "missing_field", message: "ServiceName, ProviderName and ServiceCategory are all empty." };
  const modelColumn = MODEL_COLUMNS.find((column) => get(column) !== "");
  if (!modelColumn) return { code: "missing_field", message: "None of SkuPriceId, SkuId, ResourceType, ChargeDescription or ChargeCategory is filled." };

  const userTags = parseTags(get("Tags"));
  if ("message" in userTags) return userTags;
  const notes: string[] = [];
  const tagOf = (key: string) => Object.entries(userTags.tags).find(([name]) => name.toLowerCase() === key)?.[1] ?? "";

  // Derived tags first (they describe the charge), then the row's own tags while there is room.
  const tags: Record<string, string> = {};
  const derive = (key: string, value: string) => {
    if (value !== "") tags[key] = clip(value, TAG_VALUE_MAX);
  };
  derive("focus.provider", get("ProviderName"));
  derive("focus.charge_category", get("ChargeCategory"));
  derive("focus.region", get("RegionId") || get("RegionName"));
  derive("focus.resource_id", get("ResourceId"));
  if (modelColumn !== "ChargeDescription") derive("focus.charge_description", get("ChargeDescription"));

  // The API counts whole units only; a fractional quantity (0.5 hours, 12.3 GB-months) is kept
  // exactly as text, and the cost comes from BilledCost either way, so nothing is rounded.
  const quantity = get("ConsumedQuantity");
  let units: number | undefined;
  const whole = /^(\d{1,13})(?:\.0*)?$/.exec(quantity);
  if (whole && Number(whole[1]) <= MAX_UNITS) units = Number(whole[1]);
  else derive("focus.consumed_quantity", quantity);
  derive("focus.consumed_unit", get("ConsumedUnit"));

  const room = MAX_TAGS - Object.keys(tags).length;
  const own = Object.entries(userTags.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of own.slice(0, room)) tags[key] = value;
  if (own.length > room) {
    const left = own.slice(room).map(([key]) => key);
    notes.push(`${left.length} ${left.length === 1 ? "tag" : "tags"} left out (at most ${MAX_TAGS} per event): ${left.join(", ")}.`);
  }
  notes.push(...userTags.notes);

  const draft: FocusDraft = {
    timestamp: get("ChargePeriodStart"),
    cost: get("BilledCost"),
    currency: get("BillingCurrency").toUpperCase(),
    service,
    model: clip(get(modelColumn), LABEL_MAX),
    tags,
    notes,
  };
  const operation = get("SkuMeter");
  if (operation) draft.operation = clip(operation, OPERATION_MAX);
  if (units !== undefined && units > 0) draft.units = units;
  const project = tagOf("project") || get("SubAccountName") || get("SubAccountId");
  if (project) draft.project = clip(project, LABEL_MAX);
  const team = tagOf("team");
  if (team) draft.team = clip(team, LABEL_MAX);
  const environment = tagOf("environment") || tagOf("env");
  if (environment) draft.environment = clip(environment, LABEL_MAX);
  return draft;
}

/**
 * A provider's service name as the API's service id: lowercase ASCII letters and digits joined by
 * hyphens ("Amazon Elastic Compute Cloud" → "amazon-elastic-compute-cloud", "Azure OpenAI" →
 * "azure-openai"); accents are dropped, anything else separates words. "" if nothing is left.
 */
export function serviceSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, SERVICE_MAX).replace(/-+$/, "");
}

/** Shortens to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function parseTags(cell: string): { tags: Record<string, string>; notes: string[] } | FocusProblem {
  if (cell === "") return { tags: {}, notes: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(cell);
  } catch {
    return { code: "invalid_field", message: "Tags is not valid JSON (FOCUS tags are a JSON object like {\"team\":\"search\"})." };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { code: "invalid_field", message: "Tags is not a JSON object (FOCUS tags look like {\"team\":\"search\"})." };
  }
  const tags: Record<string, string> = {};
  const tooLong: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key === "" || value === null) continue;
    if (key.length > TAG_KEY_MAX) {
      tooLong.push(clip(key, 24));
      continue;
    }
    tags[key] = clip(typeof value === "string" ? value : JSON.stringify(value), TAG_VALUE_MAX);
  }
  const notes = tooLong.length ? [`Tags with keys over ${TAG_KEY_MAX} characters left out: ${tooLong.join(", ")}.`] : [];
  return { tags, notes };
}
