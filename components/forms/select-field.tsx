import type { ComponentProps, ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type SelectFieldProps = Omit<ComponentProps<typeof Select>, "id" | "name"> & {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  hint?: ReactNode;
  errors?: string[];
};

/** A labelled select whose hint and errors are announced with it, like FormField. */
export function SelectField({ name, label, options, hint, errors, ...selectProps }: SelectFieldProps) {
  const id = `field-${name}`;
  const hasErrors = Boolean(errors?.length);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Select
        id={id}
        name={name}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...selectProps}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      {hasErrors ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {errors?.join(" ")}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
