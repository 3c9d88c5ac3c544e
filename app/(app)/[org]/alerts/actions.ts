"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { acknowledgeAlert as acknowledge } from "@/lib/services/alerts/acknowledge-alert";
import { createAlertRule as create } from "@/lib/services/alerts/create-alert-rule";
import { deleteAlertRule as remove } from "@/lib/services/alerts/delete-alert-rule";
import { MUTED_INDEFINITELY, RuleIdInput } from "@/lib/services/alerts/rule-schemas";
import { updateAlertRule as update } from "@/lib/services/alerts/update-alert-rule";
import { AlertIdInput } from "@/lib/services/alerts/alert-schemas";
import { ACTION_KINDS, DecideActionRunInput, SUSPENDABLE_SCOPES } from "@/lib/services/alerts/action-schemas";
import { createAlertAction as createAction } from "@/lib/services/alerts/create-alert-action";
import { deleteAlertAction as removeAction } from "@/lib/services/alerts/delete-alert-action";
import { decideActionRun as decideRun } from "@/lib/services/alerts/decide-action-run";
import { byUser } from "@/lib/services/budgets/budget-caller";

/** The rule's fields travel as one object and are validated by the verb, so errors name the rule's own fields. */
const ruleFields = z.record(z.string(), z.unknown());

export const acknowledgeAlert = orgAction({
  schema: AlertIdInput.extend({ note: z.string().optional() }),
  minimumRole: "member",
  handler: (ctx, { alertId, note }) => acknowledge(byUser(ctx), alertId, { note }),
});

export const createAlertRule = orgAction({
  schema: z.object({ rule: ruleFields }),
  minimumRole: "admin",
  handler: (ctx, { rule }) => create(byUser(ctx), rule as Parameters<typeof create>[1]),
});

export const updateAlertRule = orgAction({
  schema: RuleIdInput.extend({ changes: ruleFields }),
  minimumRole: "admin",
  handler: (ctx, { ruleId, changes }) => update(byUser(ctx), ruleId, changes),
});

const MUTE_FOR = { "1h": 3_600_000, "24h": 86_400_000 } as const;

/** Mute for an hour, a day or until unmuted, or unmute: the time is taken here, not from the browser's clock. */
export const muteAlertRule = orgAction({
  schema: RuleIdInput.extend({ mute: z.enum(["1h", "24h", "indefinitely", "off"]) }),
  minimumRole: "admin",
  handler: (ctx, { ruleId, mute }) => {
    const until = mute === "off" ? null : mute === "indefinitely" ? MUTED_INDEFINITELY : new Date(Date.now() + MUTE_FOR[mute]).toISOString();
    return update(byUser(ctx), ruleId, { muted_until: until });
  },
});

export const deleteAlertRule = orgAction({
  schema: RuleIdInput,
  minimumRole: "admin",
  handler: (ctx, { ruleId }) => remove(byUser(ctx), ruleId),
});

/** Approve (done), decline or undo what an alert's automated action did. */
export const decideActionRun = orgAction({
  // Not the strict API schema: the form also carries its organization.
  schema: z.object({ runId: z.uuid(), status: DecideActionRunInput.shape.status }),
  minimumRole: "admin",
  handler: (ctx, { runId, status }) => decideRun(byUser(ctx), runId, { status }),
});

/** Adds an automated action to a rule, or (intent "preview") only says what it would do now. From a form: empty fields are absent. */
export const createAlertAction = orgAction({
  schema: z.object({
    rule_id: z.string(),
    kind: z.enum(ACTION_KINDS, { error: "Choose what the rule should do." }),
    api_key_id: z.string().optional().transform((value) => value || undefined),
    scope: z.enum(SUSPENDABLE_SCOPES).optional().or(z.literal("").transform(() => undefined)),
    connector_id: z.string().optional().transform((value) => value || undefined),
    channel_id: z.string().optional().transform((value) => value || undefined),
    requires_approval: z.union([z.boolean(), z.string()]).optional().transform((value) => value === true || value === "on"),
    intent: z.enum(["preview", "add"]).default("add"),
  }),
  minimumRole: "admin",
  handler: (ctx, { intent, ...action }) => createAction(byUser(ctx), { ...action, dry_run: intent === "preview" }),
});

export const deleteAlertAction = orgAction({
  schema: z.object({ actionId: z.uuid() }),
  minimumRole: "admin",
  handler: (ctx, { actionId }) => removeAction(byUser(ctx), actionId),
});
