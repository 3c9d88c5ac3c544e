/** Request and response of POST /api/v1/events; the OpenAPI document is generated from these. */
import { z } from "zod";
import { MAX_EVENTS_PER_REQUEST, usageEventSchema } from "@/lib/core/usage/ingest-event";

/** Events stay `unknown` here so each is validated on its own and one bad event rejects only itself. */
export const IngestRequest = z.strictObject({
  events: z.array(z.unknown()).min(1).meta({
    description: `1 to ${MAX_EVENTS_PER_REQUEST} events (more: 413). Each is validated on its own against UsageEvent.`,
  }),
});

export const IngestRejection = z.object({
  index: z.number().int(),
  code: z.enum([
    "invalid_event", "unknown_field", "invalid_field", "timestamp_in_future", "timestamp_too_old", "conflicting_usage",
    "invalid_usage", "currency_required",
  ]),
  message: z.string(),
});

export const IngestResponse = z.object({
  accepted: z.number().int().meta({ description: "Events stored now." }),
  duplicates: z.number().int().meta({ description: "Events whose id was already stored, or repeated earlier in this batch." }),
  duplicate_indexes: z.array(z.number().int()),
  rejected: z.array(IngestRejection),
});

export { usageEventSchema as UsageEvent };
