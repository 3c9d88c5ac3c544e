"use client";

import { Eye, Plus, Trash2, Zap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useActionState, useId, useState, useTransition } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import type { AlertAction } from "@/lib/services/alerts/action-schemas";
import type { AlertRule } from "@/lib/services/alerts/rule-schemas";
import { createAlertAction, deleteAlertAction } from "../actions";

/** A live API key as the action form offers it. */
export type AutomationKey = { id: string; name: string; prefix: string; scopes: string[] };
/** A Make connector or a verified webhook channel, as the action form offers it. */
export type AutomationConnector = { id: string; name: string };

type Targets = { keys: AutomationKey[]; connectors: AutomationConnector[]; webhooks: AutomationConnector[] };
type Props = Targets & { orgSlug: string; rule: AlertRule; actions: AlertAction[]; canManage: boolean };

function describeAction(action: AlertAction, { keys, connectors, webhooks }: Targets): string {
  if (action.kind === "enforce_hard") return "Switch the budget to hard enforcement";
  if (action.kind === "call_webhook") {
    const webhook = webhooks.find((candidate) => candidate.id === action.channel_id);
    return `Call the signed webhook ${webhook ? `“${webhook.name}”` : "(a channel)"} (action.requested; action.undone on undo)`;
  }
  if (action.kind === "stop_make_scenarios") {
    const connector = connectors.find((candidate) => candidate.id === action.connector_id);
    return `Stop the Make scenarios tagged to this budget (${connector ? `“${connector.name}”` : "a connector"}); start them again when it resolves`;
  }
  const key = keys.find((candidate) => candidate.id === action.api_key_id);
  return `Take the ${action.scope} scope from ${key ? `“${key.name}” (${key.prefix}…)` : "a key"}`;
}

/** What a rule does when it fires besides telling people — each removable — and, for admins, a form to add one with a dry run. */
export function RuleAutomation({ orgSlug, rule, actions, keys, connectors, webhooks, canManage }: Props) {
  if (!actions.length && !canManage) return null;
  return (
    <div className="grid gap-2" data-testid="rule-automation">
      {actions.length ? (
        <ul className="grid gap-1.5">
          {actions.map((action) => (
            <li key={action.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid="rule-action">
              <Zap className="size-4 text-amber-600 dark:text-amber-400" aria-hidden />
              <span className="[overflow-wrap:anywhere]">When it fires: {describeAction(action, { keys, connectors, webhooks })}</span>
              {action.requires_approval ? <Badge variant="secondary">after approval</Badge> : null}
              {canManage ? <RemoveAction orgSlug={orgSlug} actionId={action.id} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canManage ? <AddAction orgSlug={orgSlug} rule={rule} keys={keys} connectors={connectors} webhooks={webhooks} /> : null}
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

/**
 * Controlled and sent from a transition rather than as a form action: React resets a form after
 * its action, which would put the selects back on their first options under a preview.
 */
function AddAction({ orgSlug, rule, keys, connectors, webhooks }: Targets & { orgSlug: string; rule: AlertRule }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<Awaited<ReturnType<typeof createAlertAction>> | null>(null);
  const [intent, setIntent] = useState<"preview" | "add">("add");
  const [kind, setKind] = useState<AlertAction["kind"]>(rule.budget_id ? "enforce_hard" : "suspend_key_scope");
  const [apiKeyId, setApiKeyId] = useState("");
  const [scope, setScope] = useState<"check" | "ingest">("check");
  const [connectorId, setConnectorId] = useState(connectors[0]?.id ?? "");
  const [channelId, setChannelId] = useState(webhooks[0]?.id ?? "");
  const [requiresApproval, setRequiresApproval] = useState(false);
  const id = useId();
  const error = state && !state.ok ? state.error : null;
  const result = state?.ok ? state.data : null;

  function send(next: "preview" | "add") {
    setIntent(next);
    startTransition(async () => {
      const answer = await createAlertAction(null, {
        orgSlug,
        rule_id: rule.id,
        kind,
        api_key_id: kind === "suspend_key_scope" ? apiKeyId : undefined,
        scope: kind === "suspend_key_scope" ? scope : undefined,
        connector_id: kind === "stop_make_scenarios" ? connectorId : undefined,
        channel_id: kind === "call_webhook" ? channelId : undefined,
        requires_approval: requiresApproval,
        intent: next,
      });
      setState(answer);
      if (answer.ok && answer.data.action) router.refresh();
    });
  }

  return (
    <details className="group rounded-lg border bg-muted/20 px-3 py-2 text-sm">
      <summary className="flex cursor-pointer list-none items-center gap-1 font-medium">
        <Plus className="size-4" aria-hidden /> Add an automated action
      </summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          send("add");
        }}
        className="mt-3 grid gap-3"
        aria-busy={pending}
      >
        <div className="grid gap-2 sm:grid-cols-2">
          <div className="grid gap-1.5 sm:col-span-2">
            <Label htmlFor={`${id}-kind`}>When it fires</Label>
            <Select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as AlertAction["kind"])}>
              {rule.budget_id ? <option value="enforce_hard">Switch the budget to hard enforcement</option> : null}
              <option value="suspend_key_scope">Take a scope from an API key</option>
              {rule.budget_id ? <option value="stop_make_scenarios">Stop the tagged Make scenarios</option> : null}
              <option value="call_webhook">Call a signed webhook</option>
            </Select>
          </div>
          {kind === "call_webhook" ? (
            <div className="grid gap-1.5 sm:col-span-2">
              <Label htmlFor={`${id}-webhook`}>Webhook channel</Label>
              {webhooks.length ? (
                <Select id={`${id}-webhook`} value={channelId} onChange={(event) => setChannelId(event.target.value)}>
                  {webhooks.map((webhook) => (
                    <option key={webhook.id} value={webhook.id}>
                      {webhook.name}
                    </option>
                  ))}
                </Select>
              ) : (
                <p className="text-muted-foreground">
                  No verified webhook yet: <a className="underline" href={`/${orgSlug}/settings/channels`}>add one in Settings → Channels</a>.
                </p>
              )}
            </div>
          ) : null}
          {kind === "stop_make_scenarios" ? (
            <div className="grid gap-1.5 sm:col-span-2">
              <Label htmlFor={`${id}-connector`}>Make connector</Label>
              {connectors.length ? (
                <Select id={`${id}-connector`} value={connectorId} onChange={(event) => setConnectorId(event.target.value)}>
                  {connectors.map((connector) => (
                    <option key={connector.id} value={connector.id}>
                      {connector.name}
                    </option>
                  ))}
                </Select>
              ) : (
                <p className="text-muted-foreground">
                  No Make connector yet: <a className="underline" href={`/${orgSlug}/settings/connectors`}>connect Make in Settings → Connectors</a>.
                </p>
              )}
            </div>
          ) : null}
          {kind === "suspend_key_scope" ? (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor={`${id}-key`}>API key</Label>
                <Select id={`${id}-key`} value={apiKeyId} onChange={(event) => setApiKeyId(event.target.value)}>
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
                <Select id={`${id}-scope`} value={scope} onChange={(event) => setScope(event.target.value as "check" | "ingest")}>
                  <option value="check">check (pre-spend checks)</option>
                  <option value="ingest">ingest (usage events)</option>
                </Select>
              </div>
            </>
          ) : null}
        </div>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={requiresApproval} onChange={(event) => setRequiresApproval(event.target.checked)} className="size-4 accent-primary" />
          Wait for an admin to approve each time
        </label>
        <div className="flex flex-wrap gap-2">
          <Button type="button" onClick={() => send("preview")} size="sm" variant="outline" disabled={pending} aria-disabled={pending}>
            {pending && intent === "preview" ? (
              <>
                <Spinner /> Checking…
              </>
            ) : (
              <>
                <Eye /> Preview
              </>
            )}
          </Button>
          <SubmitButton size="sm" pending={pending && intent === "add"} disabled={pending} pendingLabel="Adding…">
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
