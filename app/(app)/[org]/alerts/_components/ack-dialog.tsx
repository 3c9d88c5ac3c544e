"use client";

import { CheckCheck } from "lucide-react";
import { useActionState, useEffect, useId, useRef } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { MAX_ACK_NOTE } from "@/lib/services/alerts/alert-schemas";
import { acknowledgeAlert } from "../actions";

/** "Acknowledge" opens a dialog (native <dialog>: focus moves in, Escape closes) for an optional note. */
export function AckDialog({ orgSlug, alertId, title }: { orgSlug: string; alertId: string; title: string }) {
  const [state, action] = useActionState(acknowledgeAlert, null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const noteId = useId();
  const error = state && !state.ok ? state.error : null;
  const noteErrors = error?.fieldErrors?.note;

  useEffect(() => {
    if (state?.ok) dialog.current?.close();
  }, [state]);

  return (
    <>
      <Button type="button" size="sm" onClick={() => dialog.current?.showModal()}>
        <CheckCheck /> Acknowledge
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border bg-card p-0 text-card-foreground shadow-lg backdrop:bg-black/40"
      >
        <form action={action} className="grid gap-4 p-6">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="alertId" value={alertId} />
          <div className="grid gap-1">
            <h2 id={titleId} className="text-lg font-semibold tracking-tight">
              Acknowledge this alert?
            </h2>
            <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">{title}</p>
          </div>
          <div className="grid gap-2">
            <Label htmlFor={noteId}>Note (optional)</Label>
            <textarea
              id={noteId}
              name="note"
              rows={3}
              maxLength={MAX_ACK_NOTE}
              placeholder="e.g. Expected: load test until Friday"
              aria-invalid={noteErrors ? true : undefined}
              aria-describedby={noteErrors ? `${noteId}-error` : `${noteId}-hint`}
              className="w-full min-w-0 rounded-md border border-input bg-card px-3 py-2 text-base shadow-xs outline-none placeholder:text-muted-foreground/80 focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40 aria-invalid:border-destructive sm:text-sm"
            />
            {noteErrors ? (
              <p id={`${noteId}-error`} className="text-sm text-destructive">
                {noteErrors.join(" ")}
              </p>
            ) : (
              <p id={`${noteId}-hint`} className="text-sm text-muted-foreground">
                Everyone in the organization sees it with the alert.
              </p>
            )}
          </div>
          {error && !noteErrors ? (
            <p role="alert" className="text-sm text-destructive">
              {error.message}
            </p>
          ) : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="outline" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <SubmitButton pendingLabel="Acknowledging…">Acknowledge</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
