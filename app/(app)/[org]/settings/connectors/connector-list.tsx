"use client";

import { KeyRound, RefreshCw, Trash2, Workflow } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import type { Connector } from "@/lib/services/connectors/connector-schemas";
import { cn, formatTimestamp } from "@/lib/utils";
import { ActionStatus } from "../members/action-status";
import { checkMakeConnector, deleteConnector, replaceConnectorToken } from "./actions";
import { TeamSummary } from "./team-summary";

type ListProps = { orgSlug: string; timeZone: string; connectors: Connector[]; canManage: boolean };

export function ConnectorList({ orgSlug, timeZone, connectors, canManage }: ListProps) {
  if (!connectors.length) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-connectors">
        No connectors yet. Connect a Make team, then add “Stop the tagged Make scenarios” to a budget&apos;s alert rule.
      </p>
    );
  }
  return (
    <ul className="divide-y border-t" data-testid="connector-list">
      {connectors.map((connector) => (
        <ConnectorRow key={connector.id} orgSlug={orgSlug} timeZone={timeZone} connector={connector} canManage={canManage} />
      ))}
    </ul>
  );
}

function ConnectorRow({ orgSlug, timeZone, connector, canManage }: { orgSlug: string; timeZone: string; connector: Connector; canManage: boolean }) {
  const [checkState, check] = useActionState(checkMakeConnector, null);
  const [replaceState, replace] = useActionState(replaceConnectorToken, null);
  const [removeState, remove] = useActionState(deleteConnector, null);
  const when = (iso: string) => formatTimestamp(new Date(iso), timeZone);
  const hidden = (
    <>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="connectorId" value={connector.id} />
    </>
  );
  const team = checkState?.ok ? checkState.data : replaceState?.ok ? replaceState.data.team : null;
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="connector" data-status={connector.status}>
      <div className="flex flex-wrap items-center gap-2">
        <Workflow className="size-4 text-muted-foreground" aria-hidden />
        <span className="font-medium [overflow-wrap:anywhere]">{connector.name}</span>
        <Badge variant="secondary">Make · {connector.settings.zone} · team {connector.settings.team_id}</Badge>
        <Badge className={cn("border-transparent", connector.status === "ok" ? "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400" : "bg-destructive/10 text-destructive")}>
          {connector.status === "ok" ? "Working" : "Needs attention"}
        </Badge>
      </div>
      <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">
        Token set {when(connector.credentials_set_at)}
        {connector.last_used_at ? ` · last used ${when(connector.last_used_at)}` : " · not used yet"}
        {connector.last_error ? <span className="block text-destructive">{connector.last_error}</span> : null}
      </p>
      {team ? <TeamSummary team={team} /> : null}
      <div className="flex flex-wrap items-start gap-2">
        <form action={check}>
          {hidden}
          <SubmitButton size="sm" variant="outline" pendingLabel="Asking Make…">
            <RefreshCw /> Check scenarios
          </SubmitButton>
        </form>
        {canManage ? (
          <>
            <form action={replace} className="flex flex-wrap items-center gap-2">
              {hidden}
              <Input name="api_token" type="password" autoComplete="off" placeholder="New API token" aria-label={`New API token for ${connector.name}`} className="h-8 w-48" />
              <SubmitButton size="sm" variant="outline" pendingLabel="Checking…">
                <KeyRound /> Replace token
              </SubmitButton>
            </form>
            <form action={remove}>
              {hidden}
              <ConfirmDialog
                trigger={
                  <>
                    <Trash2 /> Remove
                  </>
                }
                title={`Remove “${connector.name}”?`}
                description="Its token is deleted, and so are the alert actions that stop scenarios through it. Their past runs stay on the alerts. Scenarios it stopped stay stopped: start them in Make, or undo those runs first."
                confirmLabel="Remove connector"
              />
            </form>
          </>
        ) : null}
      </div>
      <ActionStatus state={checkState} />
      <ActionStatus state={replaceState} success={() => "Token replaced."} />
      <ActionStatus state={removeState} />
    </li>
  );
}
