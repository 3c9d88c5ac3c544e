"use client";

import { Check, RotateCcw, X } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Input } from "@/components/ui/input";
import { ActionStatus } from "../settings/members/action-status";
import { decideRecommendation } from "./actions";

type Props = { orgSlug: string; recommendationKey: string; decided: boolean };

/** Dismiss an open recommendation or mark it done (with an optional note for the team), or reopen a decided one. */
export function DecideButtons({ orgSlug, recommendationKey, decided }: Props) {
  const [state, decide] = useActionState(decideRecommendation, null);
  return (
    <form action={decide} className="grid gap-2" data-testid="decide-recommendation">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="key" value={recommendationKey} />
      <div className="flex flex-wrap items-center gap-2">
        {decided ? (
          <SubmitButton name="status" value="open" variant="outline" size="sm" pendingLabel="Reopening…">
            <RotateCcw /> Reopen
          </SubmitButton>
        ) : (
          <>
            <Input name="note" aria-label="Note (optional)" placeholder="Note (optional)" maxLength={500} className="h-8 w-full sm:w-64" />
            <SubmitButton name="status" value="done" size="sm" pendingLabel="Saving…">
              <Check /> Mark done
            </SubmitButton>
            <SubmitButton name="status" value="dismissed" variant="outline" size="sm" pendingLabel="Saving…">
              <X /> Dismiss
            </SubmitButton>
          </>
        )}
      </div>
      <ActionStatus state={state} />
    </form>
  );
}
