"use client";

import { startTransition, type FormEvent } from "react";

/**
 * Submits a form of controlled fields to its action without React's automatic reset after a form
 * action: the reset puts a <select> back on its first option and a <textarea> back to its first
 * text while the state still holds what was chosen, so the next submission would send other values
 * than the ones shown. Pair it with SubmitButton's `pending` prop.
 */
export function submitWith(dispatch: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
}
