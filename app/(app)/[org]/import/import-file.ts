/**
 * The second pass: reads the file again, maps each row with its id, and sends the ready rows in
 * chunks, one after another (the next waits for the last, so a slow server slows the reading,
 * not the memory). Cancelling stops after the chunk in flight; what was sent stays imported, and
 * importing the file again skips it as duplicates — as it does after a failure.
 */
import { isCsvRowProblem, type CsvRow } from "@/lib/core/usage/csv";
import { RowMapper, isRowProblem, type MappedRow, type RowProblem } from "@/lib/core/usage/import-rows";
import type { ImportChunk, ImportChunkResult } from "@/lib/services/usage/import-events";
import { MAX_KEPT_PROBLEMS, type FileCheck } from "./check-file";
import { CancelledError, readCsvFile } from "./read-csv-file";

/** At most this many rows per chunk (the server's limit). */
const CHUNK_ROWS = 500;
/** And about this much JSON, to stay under the server action body limit (1 MB) with rows full of tags. */
const CHUNK_CHARS = 700_000;
const PROGRESS_EVERY_MS = 100;

export type ImportProgress = { rowsDone: number; bytesRead: number; accepted: number; duplicates: number; rejected: number };

export type ImportOutcome = ImportProgress & {
  status: "done" | "cancelled" | "failed";
  /** Why it stopped, when it failed. */
  failure: string | null;
  problemCount: number;
  /** Rows not imported, by line: the file's own problems and the server's refusals. */
  problems: RowProblem[];
};

/** Sends one chunk; rejects with a message a person can read when the chunk could not be stored. */
export type SendChunk = (chunk: ImportChunk) => Promise<ImportChunkResult>;

export async function importFile(
  file: File,
  check: FileCheck,
  send: SendChunk,
  signal: AbortSignal,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportOutcome> {
  const mapper = new RowMapper(check.header, check.format);
  const progress: ImportProgress = { rowsDone: 0, bytesRead: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const keep = (problem: RowProblem) => {
    problemCount += 1;
    if (problems.length < MAX_KEPT_PROBLEMS) problems.push(problem);
  };
  let pending: MappedRow[] = [];
  let pendingChars = 0;
  let reported = 0;

  const flush = async () => {
    if (pending.length === 0) return;
    const result = await send({ rows: pending.map(({ line, event }) => ({ line, event })) });
    // Cleared only once answered: on a failure these rows are the ones not known to be stored.
    pending = [];
    pendingChars = 0;
    progress.accepted += result.accepted;
    progress.duplicates += result.duplicates;
    progress.rejected += result.rejected.length;
    result.rejected.forEach(keep);
  };
  const finish = (status: ImportOutcome["status"], failure: string | null): ImportOutcome => ({
    ...progress, status, failure, problemCount, problems: problems.sort((a, b) => a.line - b.line),
  });

  try {
    for await (const batch of readCsvFile(file, signal)) {
      progress.bytesRead = batch.bytesRead;
      const mapped = await mapper.map(batch.rows.filter((row): row is CsvRow => !isCsvRowProblem(row)));
      batch.rows.filter(isCsvRowProblem).forEach(keep);
      progress.rowsDone += batch.rows.filter(isCsvRowProblem).length;
      for (const row of mapped) {
        if (isRowProblem(row)) {
          keep(row);
          progress.rowsDone += 1;
          continue;
        }
        const chars = JSON.stringify(row.event).length;
        if (pending.length === CHUNK_ROWS || pendingChars + chars > CHUNK_CHARS) {
          if (signal.aborted) throw new CancelledError();
          await flush();
        }
        pending.push(row);
        pendingChars += chars;
        progress.rowsDone += 1;
        if (performance.now() - reported > PROGRESS_EVERY_MS) {
          reported = performance.now();
          // Rows waiting in `pending` are not sent yet: count them once their chunk is answered.
          onProgress({ ...progress, rowsDone: progress.rowsDone - pending.length });
        }
      }
    }
    if (signal.aborted) throw new CancelledError();
    await flush();
    onProgress(progress);
    return finish("done", null);
  } catch (error) {
    progress.rowsDone -= pending.length;
    onProgress(progress);
    if (error instanceof CancelledError) return finish("cancelled", null);
    return finish("failed", error instanceof Error ? error.message : String(error));
  }
}
