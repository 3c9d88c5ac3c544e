/**
 * The first pass over a chosen file, before anything is stored: which format it is, how many rows
 * are ready and which are not (with their lines), what they add up to, and the first rows as a
 * preview. Streams the file, so memory holds the totals and at most MAX_KEPT_PROBLEMS problems.
 */
import { add, decimalFromNumberLiteral, formatDecimal, parseDecimal, ZERO, type Decimal } from "@/lib/core/money";
import { CsvError, isCsvRowProblem, type CsvRow } from "@/lib/core/usage/csv";
import { RowMapper, inspectHeader, isRowProblem, type CheckedRow, type ImportFormat, type RowProblem } from "@/lib/core/usage/import-rows";
import { readCsvFile } from "./read-csv-file";

export const PREVIEW_ROWS = 20;
/** Problems kept for the list and the download; beyond this only their number is kept. */
export const MAX_KEPT_PROBLEMS = 10_000;
/** Distinct services tracked for the summary (a bill has dozens, never thousands). */
const MAX_SERVICES = 1_000;
const PROGRESS_EVERY_MS = 100;

export type FileCheck = {
  header: readonly string[];
  format: ImportFormat;
  ignored: string[];
  rows: number;
  ready: number;
  problemCount: number;
  problems: RowProblem[];
  preview: (CheckedRow | RowProblem)[];
  /** Exact totals of the costs given in the file, per currency. */
  costs: { currency: string; amount: string }[];
  /** Rows without a cost: priced from the catalog on import (or stored as unpriced). */
  withoutCost: number;
  first: string | null;
  last: string | null;
  services: { service: string; rows: number }[];
};

export async function checkFile(file: File, signal: AbortSignal, onProgress: (bytesRead: number) => void): Promise<FileCheck> {
  let mapper: RowMapper | null = null;
  let check: FileCheck | null = null;
  const costs = new Map<string, Decimal>();
  const services = new Map<string, number>();
  let reported = 0;

  for await (const batch of readCsvFile(file, signal)) {
    if (!mapper || !check) {
      const header = inspectHeader(batch.header);
      if (!header.ok) throw new CsvError("bad_header", 1, header.message);
      mapper = new RowMapper(batch.header, header.format);
      check = {
        header: batch.header, format: header.format, ignored: header.ignored, rows: 0, ready: 0, problemCount: 0, problems: [],
        preview: [], costs: [], withoutCost: 0, first: null, last: null, services: [],
      };
    }
    const checked = mapper.check(batch.rows.filter((row): row is CsvRow => !isCsvRowProblem(row)));
    const rows = [...checked, ...batch.rows.filter(isCsvRowProblem)].sort((a, b) => a.line - b.line);
    for (const row of rows) {
      check.rows += 1;
      if (check.preview.length < PREVIEW_ROWS) check.preview.push(row);
      if (isRowProblem(row)) {
        check.problemCount += 1;
        if (check.problems.length < MAX_KEPT_PROBLEMS) check.problems.push(row);
        continue;
      }
      const { event } = row;
      check.ready += 1;
      if (event.cost !== undefined && event.currency !== undefined) {
        const amount = typeof event.cost === "string" ? parseDecimal(event.cost) : decimalFromNumberLiteral(event.cost);
        costs.set(event.currency, add(costs.get(event.currency) ?? ZERO, amount));
      } else {
        check.withoutCost += 1;
      }
      if (check.first === null || event.timestamp < check.first) check.first = event.timestamp;
      if (check.last === null || event.timestamp > check.last) check.last = event.timestamp;
      if (services.has(event.service) || services.size < MAX_SERVICES) services.set(event.service, (services.get(event.service) ?? 0) + 1);
    }
    if (performance.now() - reported > PROGRESS_EVERY_MS) {
      reported = performance.now();
      onProgress(batch.bytesRead);
    }
  }
  if (!check) throw new CsvError("no_header", 1, "The file is empty: it needs a header row naming the columns.");
  onProgress(file.size);
  check.costs = [...costs].map(([currency, amount]) => ({ currency, amount: formatDecimal(amount) })).sort((a, b) => a.currency.localeCompare(b.currency));
  check.services = [...services].map(([service, rows]) => ({ service, rows })).sort((a, b) => b.rows - a.rows || a.service.localeCompare(b.service));
  return check;
}
