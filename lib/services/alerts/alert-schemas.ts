/**
 * What the alert verbs accept and answer, in the API's own field names (snake_case, as stored).
 * The alert center builds the same inputs from its URL and forms.
 */
import { z } from "zod";
import { alertFactsSchema, alertKindSchema, severitySchema } from "@/lib/core/alerts/alert-facts";
import { uuidField } from "@/lib/services/organizations/schemas";

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const DELIVERIES = ["sent", "muted", "cooldown", "no_recipients"] as const;
export const MAX_ACK_NOTE = 1000;
export const MAX_ALERT_PAGE = 200;

export const ListAlertsInput = z.strictObject({
  status: z.enum([...ALERT_STATUSES, "all"], { error: "Choose open, acknowledged, resolved or all." }).default("all"),
  kind: alertKindSchema.optional().meta({ description: "actual, forecast, anomaly or health." }),
  severity: severitySchema.optional().meta({ description: "info, warning or critical." }),
  budget_id: uuidField.optional().meta({ description: "Only this budget's alerts." }),
  cursor: z.string().max(200).optional().meta({ description: "`next_cursor` of the previous page." }),
  limit: z.coerce.number({ error: "Enter a number." }).int().min(1).max(MAX_ALERT_PAGE).default(50).meta({ description: `1–${MAX_ALERT_PAGE}, default 50.` }),
});
export type ListAlertsInput = z.input<typeof ListAlertsInput>;

export const AlertIdInput = z.object({ alertId: uuidField });

/** An empty note is no note. */
export const ackNoteField = z
  .string({ error: "Write the note as text." })
  .trim()
  .max(MAX_ACK_NOTE, `Keep the note under ${MAX_ACK_NOTE} characters.`)
  .transform((note) => (note === "" ? null : note));

export const AcknowledgeAlertBody = z.strictObject({ note: ackNoteField.nullable().optional() });
export type AcknowledgeAlertBody = z.input<typeof AcknowledgeAlertBody>;

const instant = z.string().meta({ description: "ISO 8601 instant." });

export const Alert = z.object({
  id: z.uuid(),
  rule_id: z.uuid(),
  budget_id: z.uuid().nullable(),
  budget_name: z.string().nullable(),
  kind: alertKindSchema,
  severity: severitySchema,
  subject: z.string().meta({ description: "'' for a whole budget; the subject of a per-subject budget." }),
  period_start: instant.nullable().meta({ description: "The budget period the alert is about; null for anomaly, health and lifetime budgets." }),
  period_end: instant.nullable().meta({ description: "When it resolves by itself; null if its period does not end." }),
  status: z.enum(ALERT_STATUSES),
  facts: alertFactsSchema.nullable().meta({ description: "What was seen when it fired, by kind; money as exact decimal strings." }),
  delivery: z.enum(DELIVERIES).meta({ description: "Whether recipients were told: sent, muted (rule muted), cooldown, no_recipients." }),
  fired_at: instant,
  acknowledged_at: instant.nullable(),
  acknowledged_by: z.uuid().nullable().meta({ description: "The member who acknowledged it; null when nobody did or an API key did." }),
  ack_note: z.string().nullable(),
  resolved_at: instant.nullable(),
  resolved_reason: z.enum(["period_ended", "condition_cleared"]).nullable(),
  resolved_facts: alertFactsSchema.nullable(),
});
export type Alert = z.output<typeof Alert>;

export const AlertListResponse = z.object({
  alerts: z.array(Alert).meta({ description: "Newest first (fired_at, then id)." }),
  next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
});
export const AlertResponse = z.object({ alert: Alert });
