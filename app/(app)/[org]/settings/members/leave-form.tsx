"use client";

import { LogOut } from "lucide-react";
import { useActionState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { leaveOrganization } from "./actions";
import { ActionStatus } from "./action-status";

export function LeaveForm({ orgSlug, orgName }: { orgSlug: string; orgName: string }) {
  const [state, action] = useActionState(leaveOrganization, null);
  return (
    <form action={action} className="grid justify-items-start gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <ConfirmDialog
        triggerVariant="destructive"
        trigger={
          <>
            <LogOut /> Leave organization
          </>
        }
        title={`Leave ${orgName}?`}
        description="You lose access at once. To come back, someone here has to invite you again."
        confirmLabel="Leave organization"
      />
      <ActionStatus state={state} />
    </form>
  );
}
