/**
 * The framework-free core of the action wrappers: input parsing, who is asking, which tenant,
 * the verb, and the mapping of errors to what the UI shows. Next-specific parts (cookies,
 * revalidation, redirects) stay in org-action.ts / user-action.ts, so this runs in tests as is.
 */
import "server-only";
import { z } from "zod";
import type { UserClaims } from "@/lib/db/client";
import { ServiceError, UnauthenticatedError } from "@/lib/services/errors";
import { userActor, type OrgContext, type UserContext } from "@/lib/tenancy/context";
import { resolveOrgContext } from "@/lib/tenancy/resolve-org-context";
import type { OrgRole } from "@/lib/tenancy/roles";
import type { CodedActionError, CodedActionResult } from "./action-result";

export type ActionInput = FormData | Record<string, unknown>;

const UNEXPECTED = "Something went wrong on our side. Try again in a moment.";
const OrgSlugInput = z.object({ orgSlug: z.string().max(100) });

export type OrgActionConfig<S extends z.ZodType, T> = {
  schema: S;
  handler: (ctx: OrgContext, input: z.output<S>) => Promise<T>;
  /** Below it, members get Forbidden; outsiders still get NotFound. */
  minimumRole?: OrgRole;
};

export type UserActionConfig<S extends z.ZodType, T> = {
  schema: S;
  handler: (ctx: UserContext, input: z.output<S>) => Promise<T>;
};

export async function runOrgAction<S extends z.ZodType, T>(
  claims: UserClaims | null,
  config: OrgActionConfig<S, T>,
  rawInput: ActionInput,
): Promise<{ result: CodedActionResult<T>; ctx: OrgContext | null }> {
  const input = toObject(rawInput);
  const values = echoedValues(input);
  let ctx: OrgContext | null = null;
  try {
    if (!claims) throw new UnauthenticatedError();
    // The tenant is resolved before the rest of the input is looked at, so an outsider gets the
    // same NotFound whatever else they send.
    const slug = OrgSlugInput.safeParse(input);
    ctx = await resolveOrgContext(userActor(claims), slug.success ? slug.data.orgSlug : "", config.minimumRole);
    const parsed = parse(config.schema, input);
    if (!parsed.ok) return { result: { ...parsed, values }, ctx };
    return { result: { ok: true, data: await config.handler(ctx, parsed.data) }, ctx };
  } catch (error) {
    return { result: { ...failure(error), values }, ctx };
  }
}

export async function runUserAction<S extends z.ZodType, T>(
  claims: UserClaims | null,
  config: UserActionConfig<S, T>,
  rawInput: ActionInput,
): Promise<CodedActionResult<T>> {
  const input = toObject(rawInput);
  const values = echoedValues(input);
  try {
    if (!claims) throw new UnauthenticatedError();
    const parsed = parse(config.schema, input);
    if (!parsed.ok) return { ...parsed, values };
    return { ok: true, data: await config.handler({ actor: userActor(claims) }, parsed.data) };
  } catch (error) {
    return { ...failure(error), values };
  }
}

function parse<S extends z.ZodType>(schema: S, input: Record<string, unknown>) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true as const, data: parsed.data as z.output<S> };
  const { fieldErrors } = z.flattenError(parsed.error) as { fieldErrors: Record<string, string[]> };
  return {
    ok: false as const,
    error: { code: "invalid" as const, message: "Check the highlighted fields.", fieldErrors },
  };
}

function failure(error: unknown): { ok: false; error: CodedActionError } {
  if (error instanceof ServiceError) {
    return { ok: false, error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors } };
  }
  // A bug or an outage: logged in full here, never shown raw (it may hold SQL or internals).
  console.error("[actions] unexpected error", error);
  return { ok: false, error: { code: "unexpected", message: UNEXPECTED } };
}

function toObject(input: ActionInput): Record<string, unknown> {
  if (input instanceof FormData) {
    // React's own `$ACTION_*` fields are not part of the input.
    return Object.fromEntries([...input.entries()].filter(([key]) => !key.startsWith("$")));
  }
  return typeof input === "object" && input !== null ? input : {};
}

/** Submitted text fields, so a form can show them again after a failure (never secrets). */
function echoedValues(input: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string" && !/password|token/i.test(key)) values[key] = value;
  }
  return values;
}
