import { describe, expect, it } from "vitest";
import { CsvError, CsvParser, CsvTable, formatCsvRow, isCsvRowProblem, type CsvRecord } from "@/lib/core/usage/csv.ts";

function parse(chunks: string[], options?: { maxRecordLength?: number }): CsvRecord[] {
  const parser = new CsvParser(options);
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

/** Every way to cut `text` in two, plus one character at a time. */
function splits(text: string): string[][] {
  const cuts = Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
  return [...cuts, [...text]];
}

function caught(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return error as CsvError;
  }
  throw new Error("expected a CsvError");
}

describe("CsvParser", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and reports where each record starts", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n3,,"last"';
    expect(parse([text])).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "two\nlines", ""] },
      { line: 5, fields: ["3", "", "last"] },
    ]);
  });

  it("gives the same records however the text is cut into chunks (CRLF, quotes and escapes split)", () => {
    const text = '\uFEFFid,note\r\n1,"a ""b"" c"\r\n2,"multi\r\nline, with comma"\r\n3,""\r\n';
    const expected = parse([text]);
    expect(expected).toEqual([
      { line: 1, fields: ["id", "note"] },
      { line: 2, fields: ["1", 'a "b" c'] },
      { line: 3, fields: ["2", "multi\r\nline, with comma"] },
      { line: 5, fields: ["3", ""] },
    ]);
    for (const chunks of splits(text)) expect(parse(chunks)).toEqual(expected);
  });

  it("strips a UTF-8 byte order mark only at the very start", () => {
    expect(parse(["\uFEFFa,b\n1,2"])[0].fields).toEqual(["a", "b"]);
    expect(parse(["", "\uFEFF", "a\n"])[0].fields).toEqual(["a"]);
    expect(parse(["a\n\uFEFFb"])[1].fields).toEqual(["\uFEFFb"]);
  });

  it("accepts LF, CRLF and lone CR line ends, and a last line without one", () => {
    expect(parse(["a\nb\r\nc\rd"]).map((r) => [r.line, r.fields[0]])).toEqual([[1, "a"], [2, "b"], [3, "c"], [4, "d"]]);
    expect(parse(["a,b\n"])).toEqual([{ line: 1, fields: ["a", "b"] }]);
    expect(parse([""])).toEqual([]);
  });

  it("keeps a quote inside an unquoted field as text, and flags text after a closing quote", () => {
    expect(parse(['5" screen,x\n'])[0]).toEqual({ line: 1, fields: ['5" screen', "x"] });
    const [record] = parse(['"abc"def,x\n']);
    expect(record.fields).toEqual(["abcdef", "x"]);
    expect(record.problem).toMatch(/after a closing quote/);
  });

  it("fails on a quote that is never closed, naming the line it opened on", () => {
    const error = caught(() => parse(['a,b\n1,2\n3,"never\nclosed\n']));
    expect(error).toMatchObject({ code: "unterminated_quote", line: 3 });
    expect(error.message).toContain("Line 3");
  });

  it("fails on a record longer than the limit instead of holding the rest of the file", () => {
    const error = caught(() => parse(["a\n", '"', "x".repeat(60), "x".repeat(60)], { maxRecordLength: 100 }));
    expect(error).toMatchObject({ code: "record_too_long", line: 2 });
    expect(parse(["a\n" + "x".repeat(100) + "\n"], { maxRecordLength: 100 })[1].fields[0]).toHaveLength(100);
  });

  it("parses a large file in chunks with each record returned once", () => {
    const row = 'evt,2026-11-01T00:00:00Z,openai,"gpt-4o, mini","multi\nline"\n';
    const text = "id,timestamp,service,model,note\n" + row.repeat(20_000);
    const parser = new CsvParser();
    let count = 0;
    let lastLine = 0;
    for (let i = 0; i < text.length; i += 4096) {
      for (const record of parser.push(text.slice(i, i + 4096))) {
        count += 1;
        expect(record.fields).toHaveLength(5);
        lastLine = record.line;
      }
    }
    expect(parser.end()).toEqual([]);
    expect(count).toBe(20_001);
    expect(lastLine).toBe(1 + 2 * 19_999 + 1);
  });
});

describe("CsvTable", () => {
  function table(text: string) {
    const reader = new CsvTable();
    const rows = [...reader.push(text), ...reader.end()];
    return { header: reader.header, rows };
  }

  it("reads the header, skips blank lines and checks every row against the header's width", () => {
    const { header, rows } = table(" id , service \n\n1,openai\n2\n3,a,b\n \n4,\"x\"y\n5,anthropic");
    expect(header).toEqual(["id", "service"]);
    expect(rows).toEqual([
      { line: 3, cells: ["1", "openai"] },
      { line: 4, code: "ragged_row", message: "1 field, but the header has 2." },
      { line: 5, code: "ragged_row", message: "3 fields, but the header has 2." },
      { line: 7, code: "malformed_row", message: expect.stringContaining("after a closing quote") },
      { line: 8, cells: ["5", "anthropic"] },
    ]);
    expect(rows.filter(isCsvRowProblem)).toHaveLength(3);
  });

  it("refuses an empty file and a header that names a column twice", () => {
    expect(caught(() => table("\n\n"))).toMatchObject({ code: "no_header" });
    expect(caught(() => table("id,model,id\n1,2,3"))).toMatchObject({ code: "bad_header", line: 1 });
    expect(table("id,,\n1,,\n").rows).toEqual([{ line: 2, cells: ["1", "", ""] }]);
  });
});

describe("formatCsvRow", () => {
  it("quotes only what needs quoting, and round-trips through the parser", () => {
    const fields = ["plain", "with, comma", 'with "quote"', "two\nlines", ""];
    expect(formatCsvRow(fields)).toBe('plain,"with, comma","with ""quote""","two\nlines",');
    expect(parse([formatCsvRow(fields)])[0].fields).toEqual(fields);
  });
});
