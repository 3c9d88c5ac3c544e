/**
 * Reads a chosen file as CSV in pieces (File.stream, gunzipped when it is a .csv.gz as cloud
 * billing exports often are, decoded as UTF-8 on the way), so a 100 MB export never sits in
 * memory whole and the page can show how far it got. Used once to check a file, once to import it.
 */
import { CsvError, CsvTable, type CsvRow, type CsvRowProblem } from "@/lib/core/usage/csv";

/** `bytesRead` counts the file's own bytes (compressed ones for a .gz), to compare with File.size. */
export type CsvBatch = { header: readonly string[]; rows: (CsvRow | CsvRowProblem)[]; bytesRead: number };

const SLICE_CHARS = 64 * 1024;

export class CancelledError extends Error {
  override name = "CancelledError";
}

export async function* readCsvFile(file: File, signal: AbortSignal): AsyncGenerator<CsvBatch> {
  const start = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  let bytesRead = 0;
  let stream = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  if (start[0] === 0x1f && start[1] === 0x8b) stream = stream.pipeThrough(new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>);
  else refuseBinary(start, file);

  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8");
  const table = new CsvTable();
  let first = true;
  try {
    for (;;) {
      if (signal.aborted) throw new CancelledError();
      const { done, value } = await reader.read();
      if (done) break;
      if (first && value.subarray(0, 4096).includes(0)) throw notText();
      first = false;
      // Browsers hand out chunks of very different sizes; slices keep each batch (and its rows in memory) small.
      const text = decoder.decode(value, { stream: true });
      for (let at = 0; at < text.length; at += SLICE_CHARS) {
        const rows = table.push(text.slice(at, at + SLICE_CHARS));
        if (table.header) yield { header: table.header, rows, bytesRead };
      }
    }
    const rows = [...table.push(decoder.decode()), ...table.end()];
    yield { header: table.header ?? [], rows, bytesRead };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** A spreadsheet or other binary file gets a useful answer instead of a thousand "ragged rows". */
function refuseBinary(start: Uint8Array, file: File) {
  const isZip = start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04;
  if (isZip) {
    throw new CsvError("bad_header", 1, `${file.name} is an Excel workbook or a zip file. Save it as CSV (UTF-8), or unzip it, and choose the CSV.`);
  }
}

function notText() {
  return new CsvError("bad_header", 1, "This is not a text file. Choose a CSV file (or a gzipped one, .csv.gz).");
}
