/**
 * What a stop_make_scenarios run did, as stored in alert_action_runs.did: the scenarios it stopped
 * (with names, for people) and the ids it started again on the way back.
 */
import { z } from "zod";

export const makeDidSchema = z.object({
  stopped: z.array(z.object({ id: z.number().int(), name: z.string() })),
  started: z.array(z.number().int()).default([]),
});
export type MakeDid = z.output<typeof makeDidSchema>;
