/**
 * Ingest one batch for an API key (DESIGN §4): each event validated and priced on its own
 * (lib/core/usage/ingest-event.ts), then every good one written by ONE call of
 * private.ingest_events — events, idempotency keys and hourly rollups in one transaction.
 * The organization is always the key's.
 */
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { isRejection, prepareEvent, type PreparedEvent, type Rejection } from "@/lib/core/usage/ingest-event";
import { priceCatalog } from "./price-catalog";

export type IngestResult = {
  accepted: number;
  duplicates: number;
  /** Indexes of the events that were already stored (or repeated an earlier id in this batch). */
  duplicate_indexes: number[];
  rejected: Rejection[];
};

export async function ingestEvents(principal: ApiKeyPrincipal, events: unknown[], now = Date.now()): Promise<IngestResult> {
  const options = { baseCurrency: principal.org.baseCurrency, catalog: priceCatalog(), now };
  const prepared: PreparedEvent[] = [];
  const rejected: Rejection[] = [];
  events.forEach((raw, index) => {
    const result = prepareEvent(raw, index, options);
    if (isRejection(result)) rejected.push(result);
    else prepared.push(result);
  });
  if (prepared.length === 0) return { accepted: 0, duplicates: 0, duplicate_indexes: [], rejected };

  const rows = await asApiKey(principal, (tx) => tx<{ idx: number; inserted: boolean }[]>`
    select idx, inserted from private.ingest_events(${principal.org.id}, ${principal.id}, ${tx.json(prepared as never)})`);
  const duplicateIndexes = rows.filter((row) => !row.inserted).map((row) => row.idx);
  return { accepted: rows.length - duplicateIndexes.length, duplicates: duplicateIndexes.length, duplicate_indexes: duplicateIndexes, rejected };
}
