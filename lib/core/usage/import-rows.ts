/**
 * CSV rows (csv.ts) to API-shaped usage events (usageEventSchema), for the import page. The
 * header tells the format; each row then maps on its own, so a bad row is a problem with its line
 * number, never a stopped file. The events go through the same ingest as the API.
 *
 * Formats:
 * - native: columns named like the API's fields (NATIVE_COLUMNS) plus `tag:<name>` columns. An
 *   empty cell is an absent field. An unknown column rejects the file, as an unknown field
 *   rejects an API event: a typo ("input_token") is never silently dropped.
 * - focus: a FOCUS billing export (focus-columns.ts); columns it does not use are ignored.
 *
 * Idempotency: a native row's `id` cell is its event id. Without one (and for every FOCUS row),
 * the id is derived from the row's content — SHA-256 of the mapped event, or of a FOCUS row's
 * non-amount columns — plus how many identical rows came before it in the file. Importing the
 * same file again therefore yields the same ids (all duplicates), while two genuinely identical
 * rows in one file stay two events.
 *
 * Forgiving where a spreadsheet differs from JSON: cells are trimmed, `service` and `status` are
 * lowercased, a time without an offset is UTC (as FOCUS requires), "2026-11-22 10:00" and a bare
 * date are accepted, amounts may use an exponent ("1.5E-7"). Amounts stay exact decimal strings;
 * beyond the API's 20 decimal places they are rounded half-even (a note says so).
 */
import { formatDecimal, parseDecimal, round, scaleByPowerOfTen } from "../money.ts";
import type { CsvRow } from "./csv.ts";
import { FOCUS_MAPPED_COLUMNS, FOCUS_REQUIRED, FOCUS_SIGNATURE, focusDraft, isFocusIdentityColumn, type FocusColumn } from "./focus-columns.ts";
import { usageEventSchema, type UsageEventInput } from "./ingest-event.ts";

export type ImportFormat = "native" | "focus";

export const FORMAT_LABELS: Record<ImportFormat, string> = { native: "Spendguard CSV", focus: "FOCUS billing export" };

const TEXT_COLUMNS = ["id", "model", "operation", "currency", "error_code", "team", "project", "environment", "end_user", "feature"] as const;
const COUNT_COLUMNS = [
  "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens",
  "requests", "messages", "emails", "seconds", "units",
] as const;
export const NATIVE_COLUMNS = [
  "id", "timestamp", "service", "model", "operation", ...COUNT_COLUMNS, "cost", "currency", "latency_ms", "status", "error_code",
  "team", "project", "environment", "end_user", "feature",
] as const;
const NATIVE_REQUIRED = ["timestamp", "service", "model"] as const;
const TAG_PREFIX = "tag:";

export type HeaderCheck = { ok: true; format: ImportFormat; ignored: string[] } | { ok: false; message: string };

/** Which format a header is, and which columns will be ignored; or why the file cannot be imported. */
export function inspectHeader(header: readonly string[]): HeaderCheck {
  const lower = header.map((name) => name.toLowerCase());
  if (FOCUS_SIGNATURE.every((column) => lower.includes(column.toLowerCase()))) {
    const missing = FOCUS_REQUIRED.filter((column) => !lower.includes(column.toLowerCase()));
    if (missing.length) return { ok: false, message: `This FOCUS export has no ${list(missing)} column.` };
    const mapped = new Set<string>(FOCUS_MAPPED_COLUMNS.map((column) => column.toLowerCase()));
    return { ok: true, format: "focus", ignored: header.filter((name, i) => name !== "" && !mapped.has(lower[i])) };
  }

  const known = new Set<string>(NATIVE_COLUMNS);
  const unknown = header.filter((name, i) => name !== "" && !known.has(lower[i]) && !isTagColumn(name));
  if (unknown.length) {
    return {
      ok: false,
      message:
        `Unknown ${unknown.length === 1 ? "column" : "columns"} ${list(unknown.slice(0, 5).map((name) => `"${name}"`))}` +
        `${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""}. Use the Spendguard columns (see the sample file) ` +
        "or a FOCUS billing export.",
    };
  }
  const missing = NATIVE_REQUIRED.filter((column) => !lower.includes(column));
  if (missing.length) return { ok: false, message: `The header has no ${list(missing)} column.` };
  const seen = new Set<string>();
  for (const name of lower.filter((name) => name !== "")) {
    if (seen.has(name)) return { ok: false, message: `The column "${name}" appears twice.` };
    seen.add(name);
  }
  return { ok: true, format: "native", ignored: [] };
}

export type MappedRow = { line: number; event: UsageEventInput; notes: string[] };
/** A valid row before its id is derived (`id` is set only when the file gave one). */
export type CheckedRow = { line: number; event: Omit<UsageEventInput, "id"> & { id?: string }; notes: string[] };
export type RowProblem = { line: number; code: string; message: string };

export function isRowProblem<T extends object>(row: T | RowProblem): row is RowProblem {
  return "code" in row;
}

/** `identity` is computed only when an id is derived from it (not for a preview). */
type Draft = { event: Record<string, unknown>; identity: (() => string) | null; notes: string[] };
type Problem = { code: string; message: string };
type Checked = CheckedRow & { identity: (() => string) | null };

/**
 * Maps the rows of one file, in order. `check` validates and maps without ids (cheap: for a
 * preview and a summary); `map` also derives ids, so it keeps the duplicate counter — use one
 * mapper per import of a file. `map` is async because SHA-256 is (crypto.subtle).
 */
export class RowMapper {
  readonly format: ImportFormat;
  readonly #draft: (cells: readonly string[]) => Draft | Problem;
  /** Occurrences per content hash (its first 16 hex digits: a few dozen bytes per distinct row). */
  readonly #occurrences = new Map<string, number>();

  constructor(header: readonly string[], format: ImportFormat) {
    this.format = format;
    this.#draft = format === "focus" ? focusDrafter(header) : nativeDrafter(header);
  }

  check(rows: readonly CsvRow[]): (CheckedRow | RowProblem)[] {
    return this.#check(rows).map((row) => (isRowProblem(row) ? row : { line: row.line, event: row.event, notes: row.notes }));
  }

  async map(rows: readonly CsvRow[]): Promise<(MappedRow | RowProblem)[]> {
    const checked = this.#check(rows);
    const hashes = await Promise.all(checked.map((row) => (!isRowProblem(row) && row.identity !== null ? sha256Hex(row.identity()) : null)));
    const prefix = this.format === "focus" ? "focus" : "csv";
    return checked.map((row, i): MappedRow | RowProblem => {
      if (isRowProblem(row)) return row;
      const hash = hashes[i];
      let id = row.event.id ?? "";
      if (hash !== null) {
        const key = hash.slice(0, 16);
        const occurrence = (this.#occurrences.get(key) ?? 0) + 1;
        this.#occurrences.set(key, occurrence);
        id = `${prefix}-${hash.slice(0, 32)}-${occurrence}`;
      }
      return { line: row.line, event: { ...row.event, id }, notes: row.notes };
    });
  }

  #check(rows: readonly CsvRow[]): (Checked | RowProblem)[] {
    return rows.map((row) => {
      const draft = this.#draft(row.cells);
      if ("code" in draft) return { line: row.line, ...draft };
      // Validated before its id exists, so rows that fail never take a place in the duplicate count.
      const parsed = usageEventSchema.safeParse({ ...draft.event, id: draft.event.id ?? "derived" });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = this.format === "native" ? nativeColumnOf(issue.path) : focusColumnOf(issue.path);
        return { line: row.line, code: "invalid_field", message: `${where || "row"}: ${issue.message}` };
      }
      const { id, ...event } = parsed.data;
      return { line: row.line, event: draft.identity === null ? { ...event, id } : event, identity: draft.identity, notes: draft.notes };
    });
  }
}

function nativeDrafter(header: readonly string[]) {
  const plan = header.flatMap((name, index): { index: number; column: string; tag: string | null }[] => {
    const lower = name.toLowerCase();
    if (isTagColumn(name)) return [{ index, column: name, tag: name.slice(TAG_PREFIX.length) }];
    return (NATIVE_COLUMNS as readonly string[]).includes(lower) ? [{ index, column: lower, tag: null }] : [];
  });
  return (cells: readonly string[]): Draft | Problem => {
    const event: Record<string, unknown> = {};
    const quantities: Record<string, number> = {};
    const tags: Record<string, string> = {};
    const notes: string[] = [];
    for (const { index, column, tag } of plan) {
      const value = cells[index].trim();
      if (value === "") continue;
      if (tag !== null) {
        tags[tag] = value;
      } else if (column === "timestamp") {
        const timestamp = parseTimestamp(value, column);
        if (typeof timestamp !== "string") return timestamp;
        event.timestamp = timestamp;
      } else if (column === "service" || column === "status") {
        event[column] = value.toLowerCase();
      } else if (column === "cost") {
        const cost = parseAmount(value, column);
        if ("code" in cost) return cost;
        event.cost = cost.value;
        if (cost.note) notes.push(cost.note);
      } else if (column === "latency_ms" || (COUNT_COLUMNS as readonly string[]).includes(column)) {
        if (!/^\d+$/.test(value)) return { code: "invalid_field", message: `${column}: "${value}" is not a whole number.` };
        if (column === "latency_ms") event.latency_ms = Number(value);
        else quantities[column] = Number(value);
      } else if ((TEXT_COLUMNS as readonly string[]).includes(column)) {
        event[column] = value;
      }
    }
    if (Object.keys(quantities).length) event.quantities = quantities;
    if (Object.keys(tags).length) event.tags = tags;
    return { event, identity: event.id === undefined ? () => canonicalJson(event) : null, notes };
  };
}

function focusDrafter(header: readonly string[]) {
  const indexOf = new Map<string, number>();
  header.forEach((name, index) => {
    if (!indexOf.has(name.toLowerCase())) indexOf.set(name.toLowerCase(), index);
  });
  const identityColumns = header.flatMap((name, index) => (isFocusIdentityColumn(name) ? [{ name, index }] : []));
  return (cells: readonly string[]): Draft | Problem => {
    const get = (column: FocusColumn) => {
      const index = indexOf.get(column.toLowerCase());
      return index === undefined ? "" : cells[index].trim();
    };
    const draft = focusDraft(get);
    if ("code" in draft) return draft;
    const timestamp = parseTimestamp(draft.timestamp, "ChargePeriodStart");
    if (typeof timestamp !== "string") return timestamp;
    const cost = parseAmount(draft.cost, "BilledCost");
    if ("code" in cost) return cost;

    const event: Record<string, unknown> = {
      timestamp, service: draft.service, model: draft.model, cost: cost.value, currency: draft.currency,
    };
    if (draft.operation) event.operation = draft.operation;
    if (draft.units) event.quantities = { units: draft.units };
    for (const key of ["team", "project", "environment"] as const) if (draft[key]) event[key] = draft[key];
    if (Object.keys(draft.tags).length) event.tags = draft.tags;
    const identity = () => canonicalJson(Object.fromEntries(identityColumns.flatMap(({ name, index }) => (cells[index].trim() ? [[name, cells[index].trim()]] : []))));
    return { event, identity, notes: cost.note ? [cost.note, ...draft.notes] : draft.notes };
  };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO 8601 date/time (or a spreadsheet's "2026-11-22 10:00") as the API's UTC timestamp. */
export function parseTimestamp(text: string, column: string): string | Problem {
  const invalid = { code: "invalid_field", message: `${column}: "${text}" is not a date and time like 2026-11-22T10:00:00Z.` };
  const match = TIMESTAMP.exec(text);
  if (!match) return invalid;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth) return invalid;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return invalid;
  let offset = "Z";
  if (zone !== "Z" && zone !== "z" && zone !== "UTC") {
    const [, sign, hours, minutes = "00"] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
    if (Number(hours) > 14 || Number(minutes) > 59) return invalid;
    offset = `${sign}${hours}:${minutes}`;
  }
  const at = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(at) ? invalid : new Date(at).toISOString();
}

const AMOUNT = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,3}))?$/;
const API_AMOUNT = /^\d{1,10}(\.\d{1,20})?$/;
const API_SCALE = 20;

/** A cost cell as the exact decimal string the API takes; negative amounts (credits) are a problem of their own. */
export function parseAmount(text: string, column: string): { value: string; note?: string } | Problem {
  const match = AMOUNT.exec(text);
  if (!match) return { code: "invalid_field", message: `${column}: "${text}" is not a number like 0.0025.` };
  const [, sign, digits, exponent = "0"] = match;
  const plain = digits.startsWith(".") ? `0${digits}` : digits.endsWith(".") ? digits.slice(0, -1) : digits;
  let value = scaleByPowerOfTen(parseDecimal(plain), Number(exponent));
  if (sign === "-" && value.coef !== 0n) {
    return {
      code: "negative_cost",
      message: `${column} is negative (${text}): a credit or refund. Only spend is imported, so this row is left out.`,
    };
  }
  let note: string | undefined;
  if (value.scale > API_SCALE) {
    value = round(value, API_SCALE, "half-even");
    note = `${column} ${text} rounded to ${API_SCALE} decimal places.`;
  }
  const exact = formatDecimal(value);
  if (!API_AMOUNT.test(exact)) return { code: "invalid_field", message: `${column}: ${text} is too large (at most 9,999,999,999.99…).` };
  return note ? { value: exact, note } : { value: exact };
}

function isTagColumn(name: string): boolean {
  return name.toLowerCase().startsWith(TAG_PREFIX) && name.length > TAG_PREFIX.length;
}

/** An event field path as the CSV column it came from ("quantities.input_tokens" → "input_tokens"). */
function nativeColumnOf(path: readonly PropertyKey[]): string {
  if (path[0] === "quantities" && path.length > 1) return String(path[1]);
  if (path[0] === "tags" && path.length > 1) return `${TAG_PREFIX}${String(path[1])}`;
  return path.map(String).join(".");
}

/** An event field path as the FOCUS column behind it, where one column is ("currency" → "BillingCurrency"). */
function focusColumnOf(path: readonly PropertyKey[]): string {
  const columns: Record<string, string> = { timestamp: "ChargePeriodStart", cost: "BilledCost", currency: "BillingCurrency", tags: "Tags" };
  return columns[String(path[0])] ?? path.map(String).join(".");
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** JSON with object keys sorted at every level, so equal content hashes equally whatever the column order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
