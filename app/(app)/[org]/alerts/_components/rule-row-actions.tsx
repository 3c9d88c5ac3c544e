"use client";

import { Bell, BellOff, Pencil, Power, PowerOff, Trash2 } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AlertRule } from "@/lib/services/alerts/rule-schemas";
import { ActionStatus } from "../../settings/members/action-status";
import { deleteAlertRule, muteAlertRule, updateAlertRule } from "../actions";

type Props = { orgSlug: string; rule: AlertRule; muted: boolean; onEdit: () => void };

/** A rule's buttons: edit, mute for an hour / a day / until unmuted (or unmute), turn off or on, delete. */
export function RuleRowActions({ orgSlug, rule, muted, onEdit }: Props) {
  const [muteState, mute] = useActionState(muteAlertRule, null);
  const [enableState, enable] = useActionState(updateAlertRule, null);
  const [deleteState, remove] = useActionState(deleteAlertRule, null);
  const hidden = (
    <>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="ruleId" value={rule.id} />
    </>
  );
  return (
    <div className="grid gap-1 sm:justify-items-end">
      <div className="flex flex-wrap gap-2 sm:justify-end">
        <Button type="button" variant="outline" size="sm" onClick={onEdit}>
          <Pencil /> Edit
        </Button>
        {muted ? (
          <form action={mute}>
            {hidden}
            <SubmitButton name="mute" value="off" variant="outline" size="sm" pendingLabel="Unmuting…">
              <Bell /> Unmute
            </SubmitButton>
          </form>
        ) : (
          <details className="relative">
            <summary className="inline-flex h-8 cursor-pointer list-none items-center gap-2 rounded-md border border-input bg-card px-3 text-[13px] font-medium shadow-xs hover:bg-muted [&::-webkit-details-marker]:hidden">
              <BellOff className="size-4" aria-hidden /> Mute
            </summary>
            <form action={mute} className="absolute right-0 z-10 mt-1 grid w-44 gap-1 rounded-lg border bg-card p-1 shadow-lg">
              {hidden}
              {[
                ["1h", "For 1 hour"],
                ["24h", "For 24 hours"],
                ["indefinitely", "Until unmuted"],
              ].map(([value, label]) => (
                <button key={value} type="submit" name="mute" value={value} className="rounded-md px-3 py-2 text-left text-sm hover:bg-muted">
                  {label}
                </button>
              ))}
            </form>
          </details>
        )}
        <form
          action={() => enable({ orgSlug, ruleId: rule.id, changes: { enabled: !rule.enabled } })}
        >
          <SubmitButton variant="outline" size="sm" pendingLabel={rule.enabled ? "Turning off…" : "Turning on…"}>
            {rule.enabled ? <PowerOff /> : <Power />} {rule.enabled ? "Turn off" : "Turn on"}
          </SubmitButton>
        </form>
        <form action={remove}>
          {hidden}
          <ConfirmDialog
            trigger={
              <>
                <Trash2 /> Delete
              </>
            }
            title="Delete this rule?"
            description="Its alerts go with it, open or not. To stop it for a while, mute it or turn it off instead."
            confirmLabel="Delete rule"
          />
        </form>
      </div>
      <ActionStatus state={muteState} />
      <ActionStatus state={enableState} />
      <ActionStatus state={deleteState} />
    </div>
  );
}
