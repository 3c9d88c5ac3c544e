import { CircleAlert } from "lucide-react";
import type { FormState } from "@/lib/auth/action-result";
import { Alert, AlertDescription } from "@/components/ui/alert";

/**
 * The form-level error of an action result. Skipped when the same words already sit under a
 * field, so nobody reads one problem twice.
 */
export function FormError<T>({ state }: { state: FormState<T> }) {
  if (!state || state.ok) return null;
  const { message, fieldErrors } = state.error;
  const isShownOnField = Object.values(fieldErrors ?? {}).some((errors) => errors?.includes(message));
  if (isShownOnField) return null;
  return (
    <Alert variant="destructive">
      <CircleAlert />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
