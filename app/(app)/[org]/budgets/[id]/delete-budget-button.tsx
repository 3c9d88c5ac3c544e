"use client";

import { Trash2 } from "lucide-react";
import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteBudget } from "../actions";

export function DeleteBudgetButton({ orgSlug, budgetId, name }: { orgSlug: string; budgetId: string; name: string }) {
  const [state, action] = useActionState(deleteBudget, null);
  return (
    <form action={action} className="grid gap-2 sm:justify-items-end">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="budgetId" value={budgetId} />
      <ConfirmDialog
        trigger={
          <>
            <Trash2 /> Delete
          </>
        }
        title={`Delete “${name}”?`}
        description="The budget and its ledgers go; the usage itself stays. A budget with child budgets can't be deleted."
        confirmLabel="Delete budget"
      />
      <FormError state={state} />
    </form>
  );
}
