import type { ComponentProps } from "react";
import type { ActionError } from "@/lib/auth/action-result";
import { FormField } from "./form-field";

type EmailFieldProps = Omit<ComponentProps<typeof FormField>, "name" | "label" | "type" | "errors" | "defaultValue"> & {
  label?: string;
  /** The form's last failed submission: its echoed email and the email's errors. */
  failure: { error: ActionError; values?: Record<string, string> } | null;
};

/** The `email` field every sign-in and invitation form has, refilled after a failed submit. */
export function EmailField({ label = "Email", failure, ...props }: EmailFieldProps) {
  return (
    <FormField
      name="email"
      label={label}
      type="email"
      inputMode="email"
      autoComplete="email"
      required
      defaultValue={failure?.values?.email}
      errors={failure?.error.fieldErrors?.email}
      {...props}
    />
  );
}
