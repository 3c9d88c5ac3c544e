/**
 * An incremental RFC 4180 CSV reader: feed text as it arrives (a browser File read through a
 * TextDecoder, a test string), get back every record completed so far. A 100 MB export is read in
 * chunks with progress, and memory stays bounded by the chunk plus one record.
 *
 * Supported: quoted fields with commas, doubled quotes ("") and line breaks; CRLF, LF and lone CR
 * line ends (also split across chunks); a UTF-8 byte order mark; a last line without a line end.
 * Lenient where it costs nothing: a quote in the middle of an unquoted field is kept as text
 * (`5" screen`). Errors carry the physical line (1-based) where their record starts:
 * - fatal (CsvError): a quote never closed, a record longer than `maxRecordLength` (almost always
 *   the same stray quote swallowing the file), a missing, duplicated or malformed header;
 * - per row (CsvRowProblem): text after a closing quote, a row whose field count differs from
 *   the header's. The other rows still come through.
 */

export type CsvRecord = { line: number; fields: string[]; problem?: string };

export type CsvErrorCode = "unterminated_quote" | "record_too_long" | "no_header" | "bad_header";

export class CsvError extends Error {
  override name = "CsvError";
  readonly code: CsvErrorCode;
  readonly line: number;

  constructor(code: CsvErrorCode, line: number, message: string) {
    super(message);
    this.code = code;
    this.line = line;
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;
const DELIMITER = /[,\r\n]/g;

/** 1 MiB of text: far beyond any real row; a record this long means a quote went astray. */
export const DEFAULT_MAX_RECORD_LENGTH = 1 << 20;

export class CsvParser {
  readonly #maxRecordLength: number;
  #fields: string[] = [];
  #field = "";
  /** Something (even an opening quote) was read for the current field: tells `""` from nothing. */
  #fieldStarted = false;
  #inQuotes = false;
  #afterQuote = false;
  /** The chunk ended on a quote inside a quoted field: closing, or the first half of `""`. */
  #pendingQuote = false;
  /** The chunk ended on CR: a LF at the start of the next chunk belongs to it. */
  #pendingCr = false;
  #sawInput = false;
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;
  #recordLength = 0;
  #problem: string | undefined;

  constructor(options: { maxRecordLength?: number } = {}) {
    this.#maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  }

  /** Parses `text` (the next piece of the file) and returns the records it completed. */
  push(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (text.length === 0) return records;
    if (!this.#sawInput) {
      this.#sawInput = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const n = text.length;
    let i = 0;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (n > 0 && text.charCodeAt(0) === LF) i = 1;
    }
    if (this.#pendingQuote && i < n) {
      this.#pendingQuote = false;
      if (text.charCodeAt(i) === QUOTE) {
        this.#append('"');
        i += 1;
      } else {
        this.#closeQuote();
      }
    }
    while (i < n) {
      if (this.#inQuotes) {
        const quote = text.indexOf('"', i);
        const end = quote === -1 ? n : quote;
        if (end > i) this.#appendQuoted(text.slice(i, end));
        if (quote === -1) break;
        if (quote + 1 === n) {
          this.#pendingQuote = true;
          break;
        }
        if (text.charCodeAt(quote + 1) === QUOTE) {
          this.#append('"');
          i = quote + 2;
        } else {
          this.#closeQuote();
          i = quote + 1;
        }
        continue;
      }
      if (!this.#fieldStarted && text.charCodeAt(i) === QUOTE) {
        this.#inQuotes = true;
        this.#fieldStarted = true;
        this.#quoteLine = this.#line;
        i += 1;
        continue;
      }
      DELIMITER.lastIndex = i;
      const match = DELIMITER.exec(text);
      const end = match ? match.index : n;
      if (end > i) {
        if (this.#afterQuote) this.#problem ??= "Unexpected text after a closing quote (a quote inside a field must be doubled: \"\").";
        this.#append(text.slice(i, end));
        this.#fieldStarted = true;
      }
      if (!match) break;
      this.#endField();
      const delimiter = text.charCodeAt(end);
      if (delimiter === COMMA) {
        i = end + 1;
        continue;
      }
      records.push(this.#endRecord());
      if (delimiter === CR) {
        if (end + 1 === n) {
          this.#pendingCr = true;
          i = n;
        } else {
          i = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        }
      } else {
        i = end + 1;
      }
    }
    return records;
  }

  /** Call at the end of the file: returns the last record if it had no line end. */
  end(): CsvRecord[] {
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      this.#closeQuote();
    }
    if (this.#inQuotes) {
      throw new CsvError("unterminated_quote", this.#quoteLine, `Line ${this.#quoteLine}: a quoted field is opened but never closed.`);
    }
    if (!this.#fieldStarted && this.#fields.length === 0) return [];
    this.#endField();
    return [this.#endRecord()];
  }

  #append(text: string) {
    this.#field += text;
    this.#recordLength += text.length;
    if (this.#recordLength > this.#maxRecordLength) {
      throw new CsvError(
        "record_too_long",
        this.#recordLine,
        `Line ${this.#recordLine}: the row is longer than ${this.#maxRecordLength.toLocaleString("en-US")} characters. ` +
          "This usually means a quote that is never closed.",
      );
    }
  }

  #appendQuoted(text: string) {
    this.#append(text);
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) this.#line += 1;
  }

  #closeQuote() {
    this.#inQuotes = false;
    this.#afterQuote = true;
  }

  #endField() {
    this.#fields.push(this.#field);
    this.#field = "";
    this.#fieldStarted = false;
    this.#afterQuote = false;
  }

  #endRecord(): CsvRecord {
    const record: CsvRecord = { line: this.#recordLine, fields: this.#fields };
    if (this.#problem) record.problem = this.#problem;
    this.#fields = [];
    this.#problem = undefined;
    this.#recordLength = 0;
    this.#line += 1;
    this.#recordLine = this.#line;
    return record;
  }
}

export type CsvRow = { line: number; cells: string[] };
export type CsvRowProblem = { line: number; code: "ragged_row" | "malformed_row"; message: string };

export function isCsvRowProblem(row: CsvRow | CsvRowProblem): row is CsvRowProblem {
  return "code" in row;
}

/**
 * Records read against a header row: the first non-blank record names the columns (trimmed),
 * blank lines are skipped, and every other record is a row of exactly one cell per column.
 */
export class CsvTable {
  readonly #parser: CsvParser;
  #header: string[] | null = null;

  constructor(options: { maxRecordLength?: number } = {}) {
    this.#parser = new CsvParser(options);
  }

  /** The column names, once the header has been read. */
  get header(): readonly string[] | null {
    return this.#header;
  }

  push(text: string): (CsvRow | CsvRowProblem)[] {
    return this.#rows(this.#parser.push(text));
  }

  end(): (CsvRow | CsvRowProblem)[] {
    const rows = this.#rows(this.#parser.end());
    if (!this.#header) throw new CsvError("no_header", 1, "The file is empty: it needs a header row naming the columns.");
    return rows;
  }

  #rows(records: CsvRecord[]): (CsvRow | CsvRowProblem)[] {
    const rows: (CsvRow | CsvRowProblem)[] = [];
    for (const record of records) {
      if (record.fields.length === 1 && record.fields[0].trim() === "") continue;
      if (!this.#header) {
        this.#header = readHeader(record);
        continue;
      }
      if (record.problem) {
        rows.push({ line: record.line, code: "malformed_row", message: record.problem });
      } else if (record.fields.length !== this.#header.length) {
        const expected = this.#header.length;
        rows.push({
          line: record.line,
          code: "ragged_row",
          message: `${record.fields.length} ${record.fields.length === 1 ? "field" : "fields"}, but the header has ${expected}.`,
        });
      } else {
        rows.push({ line: record.line, cells: record.fields });
      }
    }
    return rows;
  }
}

function readHeader(record: CsvRecord): string[] {
  if (record.problem) throw new CsvError("bad_header", record.line, `Line ${record.line} (the header): ${record.problem}`);
  const names = record.fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    // Unnamed columns (a trailing comma in the header) are allowed; the importer ignores them.
    if (name !== "" && seen.has(name)) {
      throw new CsvError("bad_header", record.line, `Line ${record.line} (the header): the column "${name}" appears twice.`);
    }
    seen.add(name);
  }
  return names;
}

/** One CSV line (no line end) with fields quoted where RFC 4180 requires it. */
export function formatCsvRow(fields: readonly string[]): string {
  return fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(",");
}
