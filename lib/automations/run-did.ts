/**
 * What a run carried out by the runner did, as stored in alert_action_runs.did — written as it
 * goes, so a retry continues and an undo reverses exactly what happened.
 *
 * - stop_make_scenarios: the scenarios it stopped (with names, for people) and the ids it started
 *   again on the way back.
 * - call_webhook: the delivery of `action.requested` (its webhook-id and the endpoint's status)
 *   and, once undone, of `action.undone`.
 */
import { z } from "zod";

export const makeDidSchema = z.object({
  stopped: z.array(z.object({ id: z.number().int(), name: z.string() })),
  started: z.array(z.number().int()).default([]),
});
export type MakeDid = z.output<typeof makeDidSchema>;

const delivery = z.object({ webhook_id: z.string(), status: z.number().int(), sent_at: z.string() });

export const webhookDidSchema = z.object({ requested: delivery, undone: delivery.optional() });
export type WebhookDid = z.output<typeof webhookDidSchema>;
