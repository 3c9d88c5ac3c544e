"use client";

import { RefreshCw } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { ActionStatus } from "../members/action-status";
import { startUnpricedReprice } from "./actions";

export function RepriceUnpricedButton({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState(startUnpricedReprice, null);
  return (
    <form action={action} className="grid gap-1 sm:justify-items-end">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <SubmitButton variant="outline" pendingLabel="Starting…">
        <RefreshCw /> Re-price unpriced usage
      </SubmitButton>
      <ActionStatus state={state} success={() => "Started: see Repricing below."} />
    </form>
  );
}
