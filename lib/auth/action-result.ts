/** What every form server action returns to its `useActionState` form. */

export type FieldErrors = Partial<Record<string, string[]>>;

export type ActionError = { message: string; fieldErrors?: FieldErrors };

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: ActionError;
      /** The submitted non-secret fields, so the form can show them again after an error. */
      values?: Record<string, string>;
    };

/** The state a form starts in, before its first submission. */
export type FormState<T = undefined> = ActionResult<T> | null;

/** The failure in a form's state, if its last submission failed. */
export function failureOf<T>(state: FormState<T>) {
  return state && !state.ok ? state : null;
}
