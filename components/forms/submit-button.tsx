"use client";

import type { ComponentProps } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

type SubmitButtonProps = Omit<ComponentProps<typeof Button>, "type" | "asChild"> & {
  /** What the button says while the form is being submitted, e.g. "Signing in…". */
  pendingLabel: string;
  /** For forms submitted from code (not a form action), which useFormStatus cannot see. */
  pending?: boolean;
};

/** The form's submit button: disabled, with a spinner and its pending label, while the action runs. */
export function SubmitButton({ children, pendingLabel, disabled, pending: pendingProp, ...props }: SubmitButtonProps) {
  const status = useFormStatus();
  const pending = pendingProp ?? status.pending;
  return (
    <Button type="submit" disabled={pending || disabled} aria-disabled={pending || disabled} {...props}>
      {pending ? (
        <>
          <Spinner />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </Button>
  );
}
