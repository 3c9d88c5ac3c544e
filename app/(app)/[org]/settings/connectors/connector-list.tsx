"use client";

import { CloudDownload, KeyRound, RefreshCw, Trash2, Workflow } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import type { Connector, CostConnector, MakeConnector } from "@/lib/services/connectors/connector-schemas";
import { cn, formatTimestamp } from "@/lib/utils";
import { ActionStatus } from "../members/action-status";
import { checkMakeConnector, deleteConnector, replaceConnectorToken, syncConnectorNow } from "./actions";
import { COST_PROVIDER_FORMS } from "./cost-providers";
import { TeamSummary } from "./team-summary";

type ListProps = { orgSlug: string; timeZone: string; connectors: Connector[]; canManage: boolean };

export function ConnectorList({ orgSlug, timeZone, connectors, canManage }: ListProps) {
  if (!connectors.length) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-connectors">
        No connectors yet. Connect a Make team to let alert rules stop its scenarios, or a provider to compare what it billed with what Spendguard priced.
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

type RowProps<C extends Connector> = { orgSlug: string; timeZone: string; connector: C; canManage: boolean };

function ConnectorRow(props: RowProps<Connector>) {
  const { connector } = props;
  return connector.provider === "make" ? <MakeRow {...props} connector={connector} /> : <CostRow {...props} connector={connector} />;
}

function Hidden({ orgSlug, connectorId }: { orgSlug: string; connectorId: string }) {
  return (
    <>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="connectorId" value={connectorId} />
    </>
  );
}

function StatusBadge({ connector }: { connector: Connector }) {
  const failing = connector.status === "error" || Boolean(connector.sync?.last_sync_error);
  return (
    <Badge className={cn("border-transparent", failing ? "bg-destructive/10 text-destructive" : "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400")}>
      {failing ? "Needs attention" : "Working"}
    </Badge>
  );
}

function RemoveButton({ orgSlug, connector, description }: { orgSlug: string; connector: Connector; description: string }) {
  const [state, remove] = useActionState(deleteConnector, null);
  return (
    <form action={remove}>
      <Hidden orgSlug={orgSlug} connectorId={connector.id} />
      <ConfirmDialog
        trigger={
          <>
            <Trash2 /> Remove
          </>
        }
        title={`Remove “${connector.name}”?`}
        description={description}
        confirmLabel="Remove connector"
      />
      <ActionStatus state={state} />
    </form>
  );
}

function MakeRow({ orgSlug, timeZone, connector, canManage }: RowProps<MakeConnector>) {
  const [syncState, sync] = useActionState(syncConnectorNow, null);
  const [checkState, check] = useActionState(checkMakeConnector, null);
  const [replaceState, replace] = useActionState(replaceConnectorToken, null);
  const when = (iso: string) => formatTimestamp(new Date(iso), timeZone);
  const team = checkState?.ok ? checkState.data : replaceState?.ok ? replaceState.data.team : null;
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="connector" data-status={connector.status}>
      <div className="flex flex-wrap items-center gap-2">
        <Workflow className="size-4 text-muted-foreground" aria-hidden />
        <span className="font-medium [overflow-wrap:anywhere]">{connector.name}</span>
        <Badge variant="secondary">Make · {connector.settings.zone} · team {connector.settings.team_id}</Badge>
        <StatusBadge connector={connector} />
      </div>
      <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">
        Token set {when(connector.credentials_set_at)}
        {connector.last_used_at ? ` · last used ${when(connector.last_used_at)}` : " · not used yet"}
        {connector.last_error ? <span className="block text-destructive">{connector.last_error}</span> : null}
      </p>
      <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]" data-testid="connector-sync">
        {syncDetail(connector, when)} Last 30 days: {formatQuantity(connector.usage.operations)} operations ({formatQuantity(connector.usage.credits)} credits)
        {connector.usage.top.length ? `; most: ${connector.usage.top.map((item) => `${item.line_item} ${formatQuantity(item.operations)}`).join(", ")}` : ""}.
        {connector.sync.last_sync_error ? <span className="block text-destructive">{connector.sync.last_sync_error}</span> : null}
      </p>
      {team ? <TeamSummary team={team} /> : null}
      <div className="flex flex-wrap items-start gap-2">
        <form action={check}>
          <Hidden orgSlug={orgSlug} connectorId={connector.id} />
          <SubmitButton size="sm" variant="outline" pendingLabel="Asking Make…">
            <RefreshCw /> Check scenarios
          </SubmitButton>
        </form>
        {canManage ? (
          <>
            <form action={sync}>
              <Hidden orgSlug={orgSlug} connectorId={connector.id} />
              <SubmitButton size="sm" variant="outline" pendingLabel="Asking…">
                <CloudDownload /> Sync usage now
              </SubmitButton>
            </form>
            <form action={replace} className="flex flex-wrap items-center gap-2">
              <Hidden orgSlug={orgSlug} connectorId={connector.id} />
              <Input name="api_token" type="password" autoComplete="off" placeholder="New API token" aria-label={`New API token for ${connector.name}`} className="h-8 w-48" />
              <SubmitButton size="sm" variant="outline" pendingLabel="Checking…">
                <KeyRound /> Replace token
              </SubmitButton>
            </form>
            <RemoveButton
              orgSlug={orgSlug}
              connector={connector}
              description="Its token is deleted, and so are the alert actions that stop scenarios through it. Their past runs stay on the alerts. Scenarios it stopped stay stopped: start them in Make, or undo those runs first."
            />
          </>
        ) : null}
      </div>
      <ActionStatus state={checkState} />
      <ActionStatus state={syncState} success={() => "Syncing now."} />
      <ActionStatus state={replaceState} success={() => "Token replaced."} />
    </li>
  );
}

const quantity = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const formatQuantity = (value: string) => quantity.format(value as Intl.StringNumericLiteral);

/** What the sync has done and will do, in a sentence. */
function syncDetail(connector: Connector, when: (iso: string) => string): string {
  const { sync } = connector;
  const through = sync.synced_through ? `Synced through ${sync.synced_through} (UTC)` : "Not synced yet";
  const last = sync.last_synced_at ? `, last ${when(sync.last_synced_at)}` : "";
  const next = sync.sync_next_at ? ` · next ${when(sync.sync_next_at)}` : "";
  return `${through}${last}${next}.`;
}

function CostRow({ orgSlug, timeZone, connector, canManage }: RowProps<CostConnector>) {
  const [syncState, sync] = useActionState(syncConnectorNow, null);
  const [replaceState, replace] = useActionState(replaceConnectorToken, null);
  const when = (iso: string) => formatTimestamp(new Date(iso), timeZone);
  const form = COST_PROVIDER_FORMS[connector.provider];
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="connector" data-status={connector.sync.last_sync_error ? "error" : connector.status}>
      <div className="flex flex-wrap items-center gap-2">
        <CloudDownload className="size-4 text-muted-foreground" aria-hidden />
        <span className="font-medium [overflow-wrap:anywhere]">{connector.name}</span>
        <Badge variant="secondary">{form.label} · cost sync</Badge>
        <StatusBadge connector={connector} />
      </div>
      <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]" data-testid="connector-sync">
        {syncDetail(connector, when)} Credentials set {when(connector.credentials_set_at)}.
        {connector.sync.last_sync_error ? <span className="block text-destructive">{connector.sync.last_sync_error}</span> : null}
      </p>
      {canManage ? (
        <div className="flex flex-wrap items-start gap-2">
          <form action={sync}>
            <Hidden orgSlug={orgSlug} connectorId={connector.id} />
            <SubmitButton size="sm" variant="outline" pendingLabel="Asking…">
              <RefreshCw /> Sync now
            </SubmitButton>
          </form>
          <form action={replace} className="flex flex-wrap items-center gap-2">
            <Hidden orgSlug={orgSlug} connectorId={connector.id} />
            {form.fields.map((field) => (
              <Input
                key={field.name}
                name={field.name}
                type={field.secret ? "password" : "text"}
                autoComplete="off"
                placeholder={`New ${field.label.toLowerCase()}`}
                aria-label={`New ${field.label} for ${connector.name}`}
                className="h-8 w-48"
              />
            ))}
            <SubmitButton size="sm" variant="outline" pendingLabel="Checking…">
              <KeyRound /> Replace credentials
            </SubmitButton>
          </form>
          <RemoveButton
            orgSlug={orgSlug}
            connector={connector}
            description="Its credentials are deleted, and so are the billed costs it synced."
          />
        </div>
      ) : null}
      <ActionStatus state={syncState} success={() => "Syncing now."} />
      <ActionStatus state={replaceState} success={() => "Credentials replaced; syncing now."} />
    </li>
  );
}
