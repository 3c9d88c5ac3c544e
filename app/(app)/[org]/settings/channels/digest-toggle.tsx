"use client";

import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { ActionStatus } from "../members/action-status";
import { setWeeklyDigest } from "./actions";

/** The signed-in member's own weekly digest email for this organization. */
export function DigestToggle({ orgSlug, enabled }: { orgSlug: string; enabled: boolean }) {
  const [state, action] = useActionState(setWeeklyDigest, null);
  const [checked, setChecked] = useState(enabled);
  return (
    <form action={action} className="grid gap-3" data-testid="digest-form">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="enabled" value={checked ? "on" : "off"} />
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} className="mt-0.5 size-4 accent-primary" />
        <span>
          <span className="font-medium">Weekly spend digest</span>
          <span className="block text-muted-foreground">
            Mondays at 08:00 UTC: last week&apos;s spend against the week before, the top services, and the budgets&apos; state — to your account email.
          </span>
        </span>
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton size="sm" variant="outline" pendingLabel="Saving…" disabled={checked === enabled && !state}>
          Save
        </SubmitButton>
        <ActionStatus state={state} success={(data) => (data.enabled ? "You'll get the digest every Monday." : "No more digests.")} />
      </div>
    </form>
  );
}
