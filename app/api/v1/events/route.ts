/** POST /api/v1/events — batch ingest of usage events (scope: ingest). See lib/services/usage. */
import { apiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { MAX_EVENTS_PER_REQUEST } from "@/lib/core/usage/ingest-event";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { apiKeyIngestTarget } from "@/lib/services/usage/ingest-target";
import { IngestRequest, IngestResponse } from "@/lib/services/usage/schemas";

export const POST = apiRoute({
  scope: "ingest",
  input: IngestRequest,
  output: IngestResponse,
  maxBodyBytes: 1_000_000,
  handler: (ctx, body) => {
    if (body.events.length > MAX_EVENTS_PER_REQUEST) {
      return apiError("payload_too_large", `At most ${MAX_EVENTS_PER_REQUEST} events per request; send the rest in another.`, {
        details: { max_events: MAX_EVENTS_PER_REQUEST, events: body.events.length },
      });
    }
    return ingestEvents(apiKeyIngestTarget(ctx.apiKey), body.events);
  },
});
