/**
 * What every server action answers: the auth forms' ActionResult, plus a machine-readable code
 * on failures so the UI (and tests) can tell "not found" from "last owner" without reading words.
 */
import type { ActionError } from "@/lib/auth/action-result";
import type { ServiceErrorCode } from "@/lib/services/errors";

export type ActionErrorCode = ServiceErrorCode | "unexpected";

export type CodedActionError = ActionError & { code: ActionErrorCode };

export type CodedActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: CodedActionError; values?: Record<string, string> };

/** A form's state before its first submission is null. */
export type CodedFormState<T> = CodedActionResult<T> | null;
