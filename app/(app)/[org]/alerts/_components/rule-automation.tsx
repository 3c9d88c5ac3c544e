"use client";

import { Eye, Plus, Trash2, Zap } from "lucide-react";
import { useActionState, useId, useState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { AlertAction } from "@/lib/services/alerts/action-schemas";
import type { AlertRule } from "@/lib/services/alerts/rule-schemas";
import { createAlertAction, deleteAlertAction } from "../actions";

/** A live API key as the action form offers it. */
export type AutomationKey = { id: string; name: string; prefix: string; scopes: string[] };

type Props = { orgSlug: string; rule: AlertRule; actions: AlertAction[]; keys: AutomationKey[]; canManage: boolean };

function describeAction(action: AlertAction, keys: AutomationKey[]): string {
  if (action.kind === "enforce_hard") return "Switch the budget to hard enforcement";
  const key = keys.find((candidate) => candidate.id === action.api_key_id);
  return `Take the ${action.scope} scope from ${key ? `“${key.name}” (${key.prefix}…)` : "a key"}`;
}

/** What a rule does when it fires besides telling people — each removable — and, for admins, a form to add one with a dry run. */
export function RuleAutomation({ orgSlug, rule, actions, keys, canManage }: Props) {
  if (!actions.length && !canManage) return null;
  return (
    <div className="grid gap-2" data-testid="rule-automation">
      {actions.length ? (
        <ul className="grid gap-1.5">
          {actions.map((action) => (
            <li key={action.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid="rule-action">
              <Zap className="size-4 text-amber-600 dark:text-amber-400" aria-hidden />
              <span className="[overflow-wrap:anywhere]">When it fires: {describeAction(action, keys)}</span>
              {action.requires_approval ? <Badge variant="secondary">after approval</Badge> : null}
              {canManage ? <RemoveAction orgSlug={orgSlug} actionId={action.id} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canManage ? <AddAction orgSlug={orgSlug} rule={rule} keys={keys} /> : null}
    </div>
  );
}

function RemoveAction({ orgSlug, actionId }: { orgSlug: string; actionId: string }) {
  const [state, action] = useActionState(deleteAlertAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="actionId" value={actionId} />
      <SubmitButton size="sm" variant="ghost" pendingLabel="Removing…" aria-label="Remove this action">
        <Trash2 /> Remove
      </SubmitButton>
      {state && !state.ok ? <span role="alert" className="text-sm text-destructive">{state.error.message}</span> : null}
    </form>
  );
}

function AddAction({ orgSlug, rule, keys }: { orgSlug: string; rule: AlertRule; keys: AutomationKey[] }) {
  const [state, action] = useActionState(createAlertAction, null);
  const [kind, setKind] = useState<"enforce_hard" | "suspend_key_scope">(rule.budget_id ? "enforce_hard" : "suspend_key_scope");
  const id = useId();
  const error = state && !state.ok ? state.error : null;
  const result = state?.ok ? state.data : null;
  return (
    <details className="group rounded-lg border bg-muted/20 px-3 py-2 text-sm">
      <summary className="flex cursor-pointer list-none items-center gap-1 font-medium">
        <Plus className="size-4" aria-hidden /> Add an automated action
      </summary>
      <form action={action} className="mt-3 grid gap-3">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="rule_id" value={rule.id} />
        <div className="grid gap-2 sm:grid-cols-3">
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-kind`}>When it fires</Label>
            <Select id={`${id}-kind`} name="kind" value={kind} onChange={(event) => setKind(event.target.value as typeof kind)}>
              {rule.budget_id ? <option value="enforce_hard">Switch the budget to hard enforcement</option> : null}
              <option value="suspend_key_scope">Take a scope from an API key</option>
            </Select>
          </div>
          {kind === "suspend_key_scope" ? (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor={`${id}-key`}>API key</Label>
                <Select id={`${id}-key`} name="api_key_id" defaultValue="">
                  <option value="">Choose a key</option>
                  {keys.map((key) => (
                    <option key={key.id} value={key.id}>
                      {key.name} ({key.prefix}…)
                    </option>
                  ))}
                </Select>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor={`${id}-scope`}>Scope</Label>
                <Select id={`${id}-scope`} name="scope" defaultValue="check">
                  <option value="check">check (pre-spend checks)</option>
                  <option value="ingest">ingest (usage events)</option>
                </Select>
              </div>
            </>
          ) : null}
        </div>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="requires_approval" className="size-4 accent-primary" />
          Wait for an admin to approve each time
        </label>
        <div className="flex flex-wrap gap-2">
          <SubmitButton name="intent" value="preview" size="sm" variant="outline" pendingLabel="Checking…">
            <Eye /> Preview
          </SubmitButton>
          <SubmitButton name="intent" value="add" size="sm" pendingLabel="Adding…">
            <Plus /> Add action
          </SubmitButton>
        </div>
        {error ? (
          <p role="alert" className="text-destructive [overflow-wrap:anywhere]">
            {error.message}
            {error.fieldErrors ? ` ${Object.values(error.fieldErrors).flat().join(" ")}` : ""}
          </p>
        ) : null}
        {result ? (
          <p role="status" className="[overflow-wrap:anywhere]" data-testid="action-preview">
            {result.action ? "Added. " : "Dry run, nothing saved: "}If this rule fired now — {result.preview.description}
          </p>
        ) : null}
      </form>
    </details>
  );
}
