"use client";

import { useId, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

type ConfirmDialogProps = {
  /** The button that opens the dialog. */
  trigger: ReactNode;
  triggerVariant?: "outline" | "ghost" | "destructive";
  title: string;
  description: ReactNode;
  confirmLabel: string;
};

/**
 * A confirmation step for destructive form submissions, on the native <dialog>: focus moves in,
 * Escape closes, the page behind is inert. Place it inside the form; "confirm" submits that form.
 */
export function ConfirmDialog({ trigger, triggerVariant = "outline", title, description, confirmLabel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <Button type="button" variant={triggerVariant} size="sm" onClick={() => dialog.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border bg-card p-0 text-card-foreground shadow-lg backdrop:bg-black/40"
      >
        <div className="grid gap-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          <div className="text-sm text-muted-foreground">{description}</div>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="outline" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" onClick={() => dialog.current?.close()}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
