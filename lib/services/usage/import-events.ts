/**
 * One chunk of a CSV import (admins and owners): events the browser already mapped from the file
 * (lib/core/usage/import-rows.ts), each with the CSV line it came from, stored through the same
 * ingestEvents as the API — same validation, pricing, idempotency and rollups — with source
 * "import" and the user behind it. The answer is per line, so the page can list what was refused.
 *
 * The write runs as service_role, so the user's right to it is checked here against the
 * database under RLS, not only taken from the context: a forged context changes nothing.
 */
import "server-only";
import { z } from "zod";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import { asActor } from "@/lib/services/organizations/run";
import { parseInput } from "@/lib/services/organizations/parse-input";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { ingestEvents } from "./ingest-events";

/** Small enough for one server action body (about 1 MB); the page also splits by size. */
export const MAX_IMPORT_CHUNK = 500;

export const ImportChunkInput = z.object({
  rows: z
    .array(z.object({ line: z.number().int().min(1), event: z.unknown() }))
    .min(1, "Send at least one row.")
    .max(MAX_IMPORT_CHUNK, `Send at most ${MAX_IMPORT_CHUNK} rows at a time.`),
});

export type ImportChunk = z.input<typeof ImportChunkInput>;

export type ImportRejection = { line: number; code: string; message: string };

export type ImportChunkResult = {
  accepted: number;
  duplicates: number;
  /** Lines whose event id was already stored (an earlier import, or earlier in the file). */
  duplicateLines: number[];
  rejected: ImportRejection[];
};

export async function importEvents(ctx: OrgContext, input: ImportChunk): Promise<ImportChunkResult> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can import usage.");
  const { rows } = parseInput(ImportChunkInput, input);
  const org = await asActor(ctx.actor, async (tx) => {
    const [row] = await tx<{ id: string; base_currency: string }[]>`
      select o.id, o.base_currency from public.organizations o
      where o.id = ${ctx.org.id} and (select private.has_role(o.id, 'admin'))`;
    return row;
  });
  if (!org) throw new NotFoundError();

  const result = await ingestEvents(
    { org: { id: org.id, baseCurrency: org.base_currency }, source: "import", apiKeyId: null, userId: ctx.actor.userId },
    rows.map((row) => row.event),
  );
  return {
    accepted: result.accepted,
    duplicates: result.duplicates,
    duplicateLines: result.duplicate_indexes.map((index) => rows[index].line),
    rejected: result.rejected.map(({ index, code, message }) => ({ line: rows[index].line, code, message })),
  };
}
