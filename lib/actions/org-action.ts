/**
 * THE wrapper for every tenant server action (DESIGN §8): zod in, the signed-in user, the tenant
 * from `orgSlug` and the user's membership (outsiders get NotFound, like a missing organization),
 * an optional minimum role, one service verb with `{ org, actor }`, errors mapped to messages.
 *
 *   export const renameOrg = orgAction({ schema, minimumRole: "admin", handler: (ctx, input) => … });
 *
 * The result is usable with useActionState (`(state, formData)`) and callable directly with an object.
 */
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { getCurrentClaims } from "@/lib/auth/current-claims";
import type { UserClaims } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import type { CodedActionResult, CodedFormState } from "./action-result";
import { runOrgAction, type ActionInput, type OrgActionConfig } from "./run-action";

type OrgActionOptions<S extends z.ZodType, T> = OrgActionConfig<S, T> & {
  /** Where to go after success (e.g. the new URL after a slug change). */
  redirectTo?: (data: T, ctx: OrgContext) => string | null;
  /**
   * Refresh every page after success (default). Off for actions a page calls many times in a row
   * (import chunks): each refresh re-renders the layout; the page refreshes once when done.
   */
  revalidate?: boolean;
};

export type OrgActionInput<S extends z.ZodType> = FormData | (z.input<S> & { orgSlug: string });

export function orgAction<S extends z.ZodType, T>(options: OrgActionOptions<S, T>) {
  return async (_previous: CodedFormState<T>, input: OrgActionInput<S>): Promise<CodedActionResult<T>> => {
    const claims = (await getCurrentClaims()) as UserClaims | null;
    const { result, ctx } = await runOrgAction(claims, options, input as ActionInput);
    if (result.ok && ctx) {
      // Tenant data shows everywhere, the header's organization switcher included: refresh it all.
      if (options.revalidate !== false) revalidatePath("/", "layout");
      const destination = options.redirectTo?.(result.data, ctx);
      if (destination) redirect(destination);
    }
    return result;
  };
}
