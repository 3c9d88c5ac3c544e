/**
 * Automated actions on alert rules and their runs (issue 9 §3), as the verbs accept and answer
 * them: what a rule does when it fires (enforce_hard, suspend_key_scope, stop_make_scenarios),
 * optionally only after an admin approves; and each run with what it acted on and what it changed.
 */
import { z } from "zod";
import { makeDidSchema, webhookDidSchema } from "@/lib/automations/run-did";
import { uuidField } from "@/lib/services/organizations/schemas";

export const ACTION_KINDS = ["enforce_hard", "suspend_key_scope", "stop_make_scenarios", "call_webhook"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const SUSPENDABLE_SCOPES = ["ingest", "check"] as const;
/** queued / undoing: an outside action (Make, webhook) waiting for the runner, one way or the other. */
export const RUN_STATUSES = ["awaiting_approval", "queued", "done", "skipped", "failed", "declined", "undoing", "undone"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const CreateAlertActionInput = z
  .strictObject({
    rule_id: uuidField.meta({ description: "The alert rule that triggers it." }),
    kind: z.enum(ACTION_KINDS, { error: "Choose enforce_hard, suspend_key_scope, stop_make_scenarios or call_webhook." }).meta({
      description:
        "enforce_hard: switch the rule's budget to hard enforcement. suspend_key_scope: take a scope from an API key. " +
        "stop_make_scenarios: stop the Make scenarios tagged to the budget's scope (started again when the alert resolves or on undo). " +
        "call_webhook: POST a signed action.requested event to a verified webhook channel (action.undone on undo).",
    }),
    api_key_id: uuidField.optional().meta({ description: "suspend_key_scope: the key." }),
    scope: z.enum(SUSPENDABLE_SCOPES, { error: "Choose the ingest or the check scope." }).optional().meta({ description: "suspend_key_scope: which scope." }),
    connector_id: uuidField.optional().meta({ description: "stop_make_scenarios: the Make connector." }),
    channel_id: uuidField.optional().meta({ description: "call_webhook: a verified webhook channel." }),
    requires_approval: z.boolean({ error: "Say true or false." }).default(false).meta({ description: "Wait for an admin to approve each run." }),
    dry_run: z.boolean({ error: "Say true or false." }).default(false).meta({ description: "Only say what it would do now; save nothing." }),
  })
  .refine((input) => input.kind !== "suspend_key_scope" || (input.api_key_id !== undefined && input.scope !== undefined), {
    message: "Choose the API key and the scope to suspend.",
    path: ["api_key_id"],
  })
  .refine((input) => input.kind === "suspend_key_scope" || (input.api_key_id === undefined && input.scope === undefined), {
    message: "Only suspend_key_scope takes an API key and a scope.",
    path: ["kind"],
  })
  .refine((input) => (input.kind === "stop_make_scenarios") === (input.connector_id !== undefined), {
    message: "stop_make_scenarios needs a Make connector (connector_id), and only it takes one.",
    path: ["connector_id"],
  })
  .refine((input) => (input.kind === "call_webhook") === (input.channel_id !== undefined), {
    message: "call_webhook needs a webhook channel (channel_id), and only it takes one.",
    path: ["channel_id"],
  });
export type CreateAlertActionInput = z.input<typeof CreateAlertActionInput>;

const instant = z.string().meta({ description: "ISO 8601 instant." });


export const AlertAction = z.object({
  id: z.uuid(),
  rule_id: z.uuid(),
  kind: z.enum(ACTION_KINDS),
  api_key_id: z.uuid().nullable(),
  scope: z.enum(SUSPENDABLE_SCOPES).nullable(),
  connector_id: z.uuid().nullable(),
  channel_id: z.uuid().nullable(),
  requires_approval: z.boolean(),
  created_at: instant,
});
export type AlertAction = z.output<typeof AlertAction>;

/** What an action would do if its rule fired now: a sentence for people and whether anything would change. */
export const ActionPreview = z.object({
  would_change: z.boolean(),
  description: z.string(),
});
export type ActionPreview = z.output<typeof ActionPreview>;

export const CreateAlertActionResponse = z.object({
  action: AlertAction.nullable().meta({ description: "null for a dry run." }),
  preview: ActionPreview,
});

export const AlertActionRun = z.object({
  id: z.uuid(),
  action_id: z.uuid().nullable(),
  alert_id: z.uuid(),
  kind: z.enum(ACTION_KINDS),
  status: z.enum(RUN_STATUSES),
  target: z.record(z.string(), z.string().nullable()),
  target_label: z.string().nullable().meta({
    description: "The budget's name, the key's name and prefix, the Make connector's or the webhook channel's name; null when it no longer exists.",
  }),
  did: z.union([makeDidSchema, webhookDidSchema, z.record(z.string(), z.string())]).nullable().meta({
    description:
      "What it changed: {enforcement_before}, {scope_removed}, {stopped: [{id, name}], started: [id]} for Make scenarios, " +
      "or {requested: {webhook_id, status, sent_at}, undone?} for a webhook.",
  }),
  note: z.string().nullable(),
  attempts: z.number().int().meta({ description: "Outside actions: attempts in the current phase (carrying out or undoing)." }),
  next_attempt_at: instant.nullable().meta({ description: "Outside actions: when the runner tries next (queued, undoing)." }),
  created_at: instant,
  ran_at: instant.nullable(),
  decided_at: instant.nullable(),
  undone_at: instant.nullable(),
});
export type AlertActionRun = z.output<typeof AlertActionRun>;

export const DecideActionRunInput = z.strictObject({
  status: z.enum(["done", "declined", "undone"], { error: "Send done (approve), declined or undone." }).meta({
    description:
      "done: approve a waiting run (it is carried out now; a Make run is queued), or try a failed Make run again; " +
      "declined: refuse it; undone: reverse what a run did (a Make run starts its scenarios again).",
  }),
});
export type DecideActionRunInput = z.input<typeof DecideActionRunInput>;

export const ListAlertActionsInput = z.strictObject({ rule_id: uuidField.optional().meta({ description: "Only this rule's actions (default: all)." }) });
export const ListActionRunsInput = z.strictObject({ alert_id: uuidField.meta({ description: "The alert whose runs to list." }) });

export const AlertActionListResponse = z.object({ actions: z.array(AlertAction) });
export const ActionRunListResponse = z.object({ runs: z.array(AlertActionRun) });
export const ActionRunResponse = z.object({ run: AlertActionRun });
