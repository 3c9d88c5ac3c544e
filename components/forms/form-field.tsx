import type { ComponentProps, ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

type FormFieldProps = Omit<ComponentProps<typeof Input>, "id" | "name"> & {
  name: string;
  label: string;
  /** Shown under the input until there is an error to show instead. */
  hint?: ReactNode;
  errors?: string[];
  /** Sits at the right end of the label row, e.g. a "Forgot password?" link. */
  labelAside?: ReactNode;
};

/** A labelled input whose hint and errors are announced with it (aria-describedby). */
export function FormField({ name, label, hint, errors, labelAside, className, ...inputProps }: FormFieldProps) {
  const id = `field-${name}`;
  const hasErrors = Boolean(errors?.length);
  const describedBy = hasErrors ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="grid grid-cols-[1fr_auto] items-center gap-x-2 gap-y-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy}
        className={cn("col-span-2", className)}
        {...inputProps}
      />
      {/* Shown in the label row but placed after the input, so Tab reaches the input first. */}
      {labelAside ? <div className="col-start-2 row-start-1 justify-self-end">{labelAside}</div> : null}
      {hasErrors ? (
        <p id={`${id}-error`} className="col-span-2 text-sm text-destructive">
          {errors?.join(" ")}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="col-span-2 text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
