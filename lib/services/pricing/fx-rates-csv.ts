/**
 * Reads pasted or uploaded exchange rates: CSV rows `date,currency,rate` (YYYY-MM-DD, an ISO 4217
 * code, 1 currency = rate base currency), with or without a header naming those columns (in any
 * order, other columns ignored). Every row is checked on its own; a bad row is reported with its
 * line and never stops the good ones. Only a file that cannot be read at all is refused whole.
 *
 * Sources quoting the other way round (the ECB's reference rates are 1 EUR = x USD) must be
 * inverted first: inverting is a division, so it would round, and that is the user's call.
 */
import "server-only";
import { CsvError, CsvParser, type CsvRecord } from "@/lib/core/usage/csv";
import { InvalidError } from "@/lib/services/errors";
import { dayField, MAX_FX_IMPORT_ROWS, rateField } from "./schemas";

export type FxCsvRow = { line: number; currency: string; rateDate: string; rate: string };
export type FxCsvProblem = { line: number; message: string };

const COLUMNS = ["date", "currency", "rate"] as const;
type Columns = Record<(typeof COLUMNS)[number], number>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function records(text: string): CsvRecord[] {
  try {
    const parser = new CsvParser();
    return [...parser.push(text), ...parser.end()].filter((record) => !(record.fields.length === 1 && record.fields[0].trim() === ""));
  } catch (error) {
    if (error instanceof CsvError) throw new InvalidError(error.message, { csv: [error.message] });
    throw error;
  }
}

/** A header names the columns; a first row that starts with a date is data, in the order date, currency, rate. */
function columnsOf(first: CsvRecord): { columns: Columns; width: number; hasHeader: boolean } {
  const cells = first.fields.map((cell) => cell.trim().toLowerCase());
  if (DAY.test(cells[0] ?? "")) return { columns: { date: 0, currency: 1, rate: 2 }, width: 3, hasHeader: false };
  const columns = Object.fromEntries(COLUMNS.map((name) => [name, cells.indexOf(name)])) as Columns;
  const missing = COLUMNS.filter((name) => columns[name] < 0);
  if (missing.length > 0) {
    const message = `The first line must be a header naming the columns date, currency and rate (missing: ${missing.join(", ")}), or a first row of rates like 2026-01-31,USD,0.92.`;
    throw new InvalidError(message, { csv: [message] });
  }
  return { columns, width: cells.length, hasHeader: true };
}

export function readFxRatesCsv(text: string, baseCurrency: string, currencies: ReadonlySet<string>): { rows: FxCsvRow[]; problems: FxCsvProblem[] } {
  const all = records(text);
  if (all.length === 0) throw new InvalidError("There are no rates to import.", { csv: ["There are no rates to import."] });
  const { columns, width, hasHeader } = columnsOf(all[0]);
  const data = hasHeader ? all.slice(1) : all;
  if (data.length > MAX_FX_IMPORT_ROWS) {
    const message = `That is ${data.length.toLocaleString("en")} rows; import at most ${MAX_FX_IMPORT_ROWS.toLocaleString("en")} at a time.`;
    throw new InvalidError(message, { csv: [message] });
  }

  const rows: FxCsvRow[] = [];
  const problems: FxCsvProblem[] = [];
  const seen = new Map<string, number>();
  for (const record of data) {
    const problem = (message: string) => problems.push({ line: record.line, message });
    if (record.problem) {
      problem(record.problem);
      continue;
    }
    if (record.fields.length !== width) {
      problem(`Expected ${width} fields (${hasHeader ? "as in the header" : "date, currency, rate"}), found ${record.fields.length}.`);
      continue;
    }
    const rateDate = record.fields[columns.date].trim();
    const currency = record.fields[columns.currency].trim().toUpperCase();
    const day = dayField.safeParse(rateDate);
    const rate = rateField.safeParse(record.fields[columns.rate]);
    if (!day.success) problem(`Date "${rateDate}": use a date like 2026-01-31.`);
    else if (!currencies.has(currency)) problem(`Currency "${currency}": use an ISO 4217 code like USD.`);
    else if (currency === baseCurrency) problem(`${currency} is the base currency: it needs no rate.`);
    else if (!rate.success) problem(`Rate "${record.fields[columns.rate].trim()}": ${rate.error.issues[0].message}`);
    else {
      const key = `${currency} ${rateDate}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) problem(`A second rate for ${currency} on ${rateDate} (the first is on line ${earlier}).`);
      else {
        seen.set(key, record.line);
        rows.push({ line: record.line, currency, rateDate, rate: rate.data });
      }
    }
  }
  return { rows, problems };
}
