import type { CodedFormState } from "@/lib/actions/action-result";

/** The outcome of a small inline action form: its error, or a success line when given one. */
export function ActionStatus<T>({ state, success }: { state: CodedFormState<T>; success?: (data: T) => string | null }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p role="alert" className="text-sm text-destructive">
        {state.error.message}
      </p>
    );
  }
  const message = success?.(state.data);
  return message ? (
    <p role="status" className="text-sm text-success">
      {message}
    </p>
  ) : null;
}
