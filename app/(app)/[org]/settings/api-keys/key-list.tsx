"use client";

import { X } from "lucide-react";
import { useActionState } from "react";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ApiKeySummary } from "@/lib/services/api-keys/api-key-row";
import { formatTimestamp } from "@/lib/utils";
import { ActionStatus } from "../members/action-status";
import { revokeApiKey } from "./actions";

type KeyListProps = { orgSlug: string; timeZone: string; apiKeys: ApiKeySummary[] };

export function KeyList({ orgSlug, timeZone, apiKeys }: KeyListProps) {
  if (!apiKeys.length) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-keys">
        No API keys yet. Create one above to send usage or check budgets from your code.
      </p>
    );
  }
  return (
    <ul className="divide-y border-t" data-testid="key-list">
      {apiKeys.map((apiKey) => (
        <KeyRow key={apiKey.id} orgSlug={orgSlug} timeZone={timeZone} apiKey={apiKey} />
      ))}
    </ul>
  );
}

function KeyRow({ orgSlug, timeZone, apiKey }: { orgSlug: string; timeZone: string; apiKey: ApiKeySummary }) {
  const [state, revoke] = useActionState(revokeApiKey, null);
  const isRevoked = apiKey.revokedAt !== null;
  const when = (value: Date) => formatTimestamp(new Date(value), timeZone);
  return (
    <li className="grid gap-3 px-6 py-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center" data-testid="key-row">
      <div className="grid min-w-0 gap-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span className={isRevoked ? "text-muted-foreground line-through [overflow-wrap:anywhere]" : "[overflow-wrap:anywhere]"}>{apiKey.name}</span>
          {isRevoked ? <Badge variant="secondary">Revoked</Badge> : null}
        </p>
        <p className="flex flex-wrap items-center gap-1.5 text-xs">
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono">{apiKey.prefix}…</code>
          {apiKey.scopes.map((scope) => (
            <Badge key={scope} variant="outline" className="font-mono">
              {scope}
            </Badge>
          ))}
        </p>
        <p className="text-xs text-muted-foreground">
          Created {when(apiKey.createdAt)}
          {apiKey.createdByEmail ? ` by ${apiKey.createdByEmail}` : ""} ·{" "}
          {apiKey.lastUsedAt ? `last used ${when(apiKey.lastUsedAt)}` : "never used"}
          {apiKey.revokedAt ? ` · revoked ${when(apiKey.revokedAt)}${apiKey.revokedByEmail ? ` by ${apiKey.revokedByEmail}` : ""}` : ""}
        </p>
      </div>
      {isRevoked ? null : (
        <div className="grid gap-1 sm:justify-items-end">
          <form action={revoke}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="apiKeyId" value={apiKey.id} />
            <ConfirmDialog
              trigger={
                <>
                  <X /> Revoke
                </>
              }
              title={`Revoke “${apiKey.name}”?`}
              description="Requests with this key are refused from now on (within 30 seconds everywhere). This can't be undone; create a new key to restore access."
              confirmLabel="Revoke key"
            />
          </form>
          <ActionStatus state={state} />
        </div>
      )}
    </li>
  );
}
