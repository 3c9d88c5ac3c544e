/**
 * The wrapper for server actions of a signed-in user that has no organization yet (creating
 * one, accepting an invitation): zod in, the user, one service verb with `{ actor }`, errors
 * mapped to messages, and an optional redirect on success.
 */
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { getCurrentClaims } from "@/lib/auth/current-claims";
import type { UserClaims } from "@/lib/db/client";
import type { CodedActionResult, CodedFormState } from "./action-result";
import { runUserAction, type ActionInput, type UserActionConfig } from "./run-action";

type UserActionOptions<S extends z.ZodType, T> = UserActionConfig<S, T> & {
  redirectTo?: (data: T) => string | null;
};

export function userAction<S extends z.ZodType, T>(options: UserActionOptions<S, T>) {
  return async (_previous: CodedFormState<T>, input: FormData | z.input<S>): Promise<CodedActionResult<T>> => {
    const claims = (await getCurrentClaims()) as UserClaims | null;
    const result = await runUserAction(claims, options, input as ActionInput);
    // A new or joined organization changes the header's switcher on every page.
    if (result.ok) revalidatePath("/", "layout");
    const destination = result.ok ? options.redirectTo?.(result.data) : null;
    if (destination) redirect(destination);
    return result;
  };
}
