/**
 * The errors service verbs raise, and the one place Postgres errors become them. Callers
 * (the action wrapper, tests) get a code and a message a person can read — never raw SQL text.
 */
import type { FieldErrors } from "@/lib/auth/action-result";

export type ServiceErrorCode =
  | "unauthenticated"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "invalid"
  | "unavailable"
  | "last_owner"
  | "invitation_invalid"
  | "invitation_revoked"
  | "invitation_used"
  | "invitation_expired"
  | "invitation_wrong_email"
  | "already_member"
  | "invitation_closed";

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: ServiceErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.name = "ServiceError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

/** Missing, or not yours: the same answer either way, so nobody can probe for other tenants. */
export class NotFoundError extends ServiceError {
  constructor(message = "We couldn't find that.") {
    super("not_found", message);
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message = "Your role in this organization doesn't allow that.") {
    super("forbidden", message);
  }
}

export class ConflictError extends ServiceError {
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super("conflict", message, field ? { [field]: [message] } : undefined);
    this.field = field;
  }
}

export class InvalidError extends ServiceError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super("invalid", message, fieldErrors);
  }
}

/** An outside service (Make, a provider) could not answer now; trying again later may work. */
export class UnavailableError extends ServiceError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

export class UnauthenticatedError extends ServiceError {
  constructor(message = "Your session has ended. Sign in again.") {
    super("unauthenticated", message);
  }
}

const UNIQUE: Record<string, { message: string; field?: string }> = {
  organizations_slug_key: { message: "That URL is already taken. Choose another.", field: "slug" },
  invitations_pending_email_key: {
    message: "This address already has a pending invitation. Resend it from the list below instead.",
    field: "email",
  },
  memberships_pkey: { message: "That person is already a member of this organization." },
  fx_rates_org_currency_date_key: { message: "There is already a rate for this currency on that day. Edit it instead.", field: "rateDate" },
  price_overrides_version_key: {
    message: "There is already an override for this model from that moment. Edit it instead.",
    field: "effectiveFrom",
  },
  notification_channels_destination_unique: { message: "This organization already has that destination as a channel.", field: "destination" },
  connectors_name_unique: { message: "This organization already has a connector with that name.", field: "name" },
};

const CHECKS: Record<string, { message: string; field?: string }> = {
  budgets_billed_scope: { message: "A budget on billed cost is scoped to one service only, and not kept per subject.", field: "cost_basis" },
  organizations_slug_format: {
    message: "Use lowercase letters, digits and hyphens (not at the start or end), up to 48 characters.",
    field: "slug",
  },
  organizations_slug_not_reserved: { message: "That URL is reserved by Spendguard. Choose another.", field: "slug" },
  organizations_name_check: { message: "Enter a name of 1 to 100 characters.", field: "name" },
  organizations_base_currency_check: { message: "Choose a currency.", field: "baseCurrency" },
  organizations_timezone_check: { message: "Choose a valid time zone.", field: "timezone" },
  invitations_email_check: { message: "Enter a valid email address.", field: "email" },
  budgets_name_length: { message: "Enter a name of 1 to 100 characters.", field: "name" },
  budgets_amount_range: { message: "Enter an amount above 0 and under 1,000,000,000,000.", field: "amount" },
  budgets_currency_format: { message: "A budget is in the organization's base currency.", field: "currency" },
  budgets_period_kind: { message: "Choose a period: daily, weekly, monthly, quarterly, yearly, custom or lifetime.", field: "period" },
  budgets_timezone_valid: { message: "That time zone does not exist.", field: "timezone" },
  budgets_scope_object: { message: "The scope must be a set of filters.", field: "scope" },
  budgets_per_dimension: { message: "Choose what to keep the budget per: service, model, team, project, environment, end user or feature.", field: "per" },
  budgets_rollover_cap_non_negative: { message: "The rollover cap can't be negative.", field: "rollover_cap" },
  budgets_enforcement_valid: { message: "Choose soft, hard or approval enforcement.", field: "enforcement" },
  budgets_warn_at_range: { message: "Warn at a percentage above 0 and at most 100.", field: "warn_at_percent" },
  budgets_rollover_cap_needs_rollover: { message: "A rollover cap needs rollover turned on.", field: "rollover_cap" },
  notification_channels_name_length: { message: "Enter a name of 1 to 100 characters.", field: "name" },
  notification_channels_destination_shape: { message: "That destination isn't valid for this kind of channel.", field: "destination" },
  alert_rules_shape: { message: "Those settings don't fit this kind of rule.", field: "kind" },
};

/** Foreign keys whose violation a person can act on. */
const FOREIGN_KEYS: Record<string, string> = {
  budgets_parent_id_fkey: "This budget has child budgets. Move them to another parent or delete them first.",
};

const RAISED: Record<string, (error: PgErrorLike) => ServiceError> = {
  SG001: () =>
    new ServiceError("last_owner", "An organization must keep at least one owner. Make someone else an owner first."),
  SG010: () => new InvalidError("That change isn't allowed."),
  SG012: () => new ServiceError("invitation_closed", "This invitation was already accepted or revoked, so it can no longer change."),
  SG020: () => new ServiceError("invitation_invalid", "This invitation link is not valid. Ask for a new invitation."),
  SG021: () => new ServiceError("invitation_revoked", "This invitation was revoked. Ask for a new one if you still need access."),
  SG022: () => new ServiceError("invitation_used", "This invitation was already used."),
  SG023: () => new ServiceError("invitation_expired", "This invitation has expired. Ask for a new one."),
  SG024: () =>
    new ServiceError(
      "invitation_wrong_email",
      "This invitation was sent to a different email address. Sign in with that address to accept it.",
    ),
  SG025: () => new ServiceError("already_member", "You are already a member of this organization."),
  SG040: () =>
    new InvalidError("The base currency can't change once usage has been recorded: every stored cost is in it.", {
      baseCurrency: ["Fixed once usage has been recorded."],
    }),
  SG041: () => new InvalidError("That is the base currency itself: it needs no rate.", { currency: ["Choose another currency."] }),
  SG050: (error) =>
    new InvalidError(`Child budgets would exceed their parent${typeof error.detail === "string" ? `: ${error.detail}` : ""}.`, {
      amount: ["The children of a budget can't add up to more than it."],
    }),
  SG051: (error) =>
    new InvalidError(
      `${typeof error.message === "string" ? error.message : "That nesting isn't allowed"}${typeof error.detail === "string" ? ` (${error.detail})` : ""}.`,
      { parent_id: ["Choose another parent."] },
    ),
  SG052: () => new InvalidError("A budget is in the organization's base currency.", { currency: ["Use the base currency."] }),
  SG053: () => new ServiceError("conflict", "This budget has pending approval requests. Approve or deny them first, then delete it."),
  SG060: () => new ConflictError("This request was already decided."),
  SG061: () => new InvalidError("A request is approved or denied."),
  SG062: () => new ConflictError("This request has expired; the caller can ask again."),
  SG070: () => new InvalidError("That budget does not exist.", { budget_id: ["That budget does not exist."] }),
  SG071: () => new InvalidError("A notification channel does not exist in this organization.", { channel_ids: ["Choose channels of this organization."] }),
  SG072: () => new ConflictError("Only an open alert can be acknowledged: this one was already acknowledged or has resolved."),
  SG080: () => new ConflictError("A waiting run can be approved (done) or declined, a done run undone, and a failed outside action tried again (done) or undone; this one is past that."),
  SG081: (error) => new ConflictError(typeof error.message === "string" ? `${error.message}.` : "This action cannot be undone."),
  SG082: () => new InvalidError("That alert rule does not exist.", { rule_id: ["That alert rule does not exist."] }),
  SG083: () => new InvalidError("That API key does not exist or was revoked.", { api_key_id: ["Choose a live key of this organization."] }),
  SG084: () => new InvalidError("A connector needs its credentials.", { api_token: ["Paste the API token."] }),
  SG085: () => new InvalidError("That Make connector does not exist.", { connector_id: ["Choose a Make connector of this organization."] }),
  SG086: () => new InvalidError("That webhook channel does not exist or is not verified.", { channel_id: ["Choose a verified webhook channel of this organization."] }),
  "28000": () => new UnauthenticatedError("Sign in to accept an invitation."),
};

type PgErrorLike = { code?: unknown; constraint_name?: unknown; constraint?: unknown; detail?: unknown; message?: unknown };

/** The service error a database error stands for, or null when it is unexpected (a bug). */
export function fromDatabaseError(error: unknown): ServiceError | null {
  if (error instanceof ServiceError) return error;
  if (typeof error !== "object" || error === null) return null;
  const { code, constraint_name, constraint } = error as PgErrorLike;
  if (typeof code !== "string") return null;
  const name = typeof constraint_name === "string" ? constraint_name : typeof constraint === "string" ? constraint : "";
  if (code === "23505") {
    const known = UNIQUE[name];
    return known ? new ConflictError(known.message, known.field) : new ConflictError("That already exists.");
  }
  if (code === "23514") {
    const known = CHECKS[name];
    return known
      ? new InvalidError(known.message, known.field ? { [known.field]: [known.message] } : undefined)
      : new InvalidError("Some of the values aren't allowed.");
  }
  if (code === "23503" && FOREIGN_KEYS[name]) return new ConflictError(FOREIGN_KEYS[name]);
  // 42501: a grant or an RLS `with check` refused the row — the role is below what the change needs.
  if (code === "42501") return new ForbiddenError();
  return RAISED[code]?.(error as PgErrorLike) ?? null;
}

/** Runs `fn`, turning known database errors into service errors; anything else is rethrown as is. */
export async function mapDatabaseErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fromDatabaseError(error) ?? error;
  }
}
