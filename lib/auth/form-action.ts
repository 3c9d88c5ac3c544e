/**
 * The one wrapper for form server actions that need no signed-in user (sign in, sign up, …):
 * FormData in → zod → handler → ActionResult out. Validation failures come back as field errors
 * without calling the handler; every failure echoes the submitted non-secret fields.
 */
import "server-only";
import { z } from "zod";
import type { ActionResult, FormState } from "./action-result";

type FormHandler<S extends z.ZodType, T> = (input: z.output<S>) => Promise<ActionResult<T>>;

export function formAction<S extends z.ZodType, T>(schema: S, handler: FormHandler<S, T>) {
  return async (_previous: FormState<T>, formData: FormData): Promise<ActionResult<T>> => {
    const values = nonSecretValues(formData);
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const { fieldErrors } = z.flattenError(parsed.error);
      return { ok: false, error: { message: "Check the highlighted fields.", fieldErrors }, values };
    }
    const result = await handler(parsed.data);
    return result.ok ? result : { ...result, values };
  };
}

// Passwords never travel back to the browser; React's own `$ACTION_*` fields are not ours.
function nonSecretValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password/i.test(key) && !key.startsWith("$")) values[key] = value;
  }
  return values;
}
