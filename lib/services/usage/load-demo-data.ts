/**
 * "Load demo data": 90 days of a made-up product team's usage (lib/core/demo) ingested into the
 * organization as source "demo", one week per call so the page can show progress (the client
 * calls chunk 0, 1, … DEMO_CHUNKS − 1). The events have stable ids, so loading again — a double
 * click, a retry, a second tab — stores nothing twice. Admins and owners only; the role, time zone
 * and base currency are read again from the database as the user (ingest itself runs as
 * service_role), so a forged context gets nothing written.
 */
import "server-only";
import { z } from "zod";
import { DEMO_DAYS, demoDates, generateDemoDay } from "@/lib/core/demo/usage-generator";
import { MAX_EVENTS_PER_REQUEST } from "@/lib/core/usage/ingest-event";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import { selectActiveOrganization } from "@/lib/services/organizations/organization-row";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { ingestEvents } from "./ingest-events";
import type { IngestTarget } from "./ingest-target";

const DEMO_CHUNK_DAYS = 7;
export const DEMO_CHUNKS = Math.ceil(DEMO_DAYS / DEMO_CHUNK_DAYS);

export const LoadDemoDataInput = z.object({ chunk: z.coerce.number().int().min(0).max(DEMO_CHUNKS - 1) });

export type LoadDemoDataResult = {
  chunk: number;
  chunks: number;
  /** Local dates (YYYY-MM-DD) this chunk covered. */
  from: string;
  to: string;
  accepted: number;
  duplicates: number;
  rejected: number;
};

export async function loadDemoData(ctx: OrgContext, input: { chunk: number }, now = Date.now()): Promise<LoadDemoDataResult> {
  const { chunk } = parseInput(LoadDemoDataInput, input);

  const org = await asActor(ctx.actor, (tx) => selectActiveOrganization(tx, ctx.actor.userId, { id: ctx.org.id }));
  if (!org) throw new NotFoundError();
  if (!isAtLeast(org.role, "admin")) throw new ForbiddenError("Only admins and owners can load demo data.");

  const options = { now, timeZone: org.timezone };
  const dates = demoDates(options).slice(chunk * DEMO_CHUNK_DAYS, (chunk + 1) * DEMO_CHUNK_DAYS);
  const events = dates.flatMap((date) => generateDemoDay(date, options));
  const target: IngestTarget = { org, source: "demo", apiKeyId: null, userId: ctx.actor.userId };

  const result: LoadDemoDataResult = { chunk, chunks: DEMO_CHUNKS, from: dates[0], to: dates[dates.length - 1], accepted: 0, duplicates: 0, rejected: 0 };
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_REQUEST) {
    const batch = await ingestEvents(target, events.slice(start, start + MAX_EVENTS_PER_REQUEST), now);
    result.accepted += batch.accepted;
    result.duplicates += batch.duplicates;
    result.rejected += batch.rejected.length;
  }
  return result;
}
