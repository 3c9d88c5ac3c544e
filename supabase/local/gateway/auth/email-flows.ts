/**
 * Sending a link email within a sign-in flow: for PKCE clients the code challenge is stored first
 * (keyed by the method the link will authenticate with), then the token is issued and mailed.
 */
import { createFlowState, type Pkce } from "./flow-state.ts";
import { issueEmailChangeLinks, issueEmailLink, sendEmail, type EmailType } from "./mailer.ts";
import type { AuthDeps } from "./service-context.ts";
import type { AuthMethod } from "./sessions.ts";
import type { Tx, UserRow } from "./users.ts";

/** GoTrue's ParseAuthenticationMethod for email verification types. */
export const authMethodOf: Record<EmailType, AuthMethod> = {
  signup: "email/signup",
  invite: "invite",
  magiclink: "magiclink",
  recovery: "recovery",
  email_change: "email_change",
};

const providerTypeOf: Record<EmailType, string> = {
  signup: "email",
  invite: "invite",
  magiclink: "magiclink",
  recovery: "recovery",
  email_change: "email_change",
};

export async function sendLinkEmail(
  tx: Tx, deps: AuthDeps, user: UserRow, type: Exclude<EmailType, "email_change">, redirectTo: string, pkce: Pkce | null,
): Promise<void> {
  if (pkce) await createFlowState(tx, user.id, pkce, providerTypeOf[type], authMethodOf[type]);
  const link = await issueEmailLink(tx, deps, user, type, redirectTo, pkce ? "pkce" : "implicit");
  await sendEmail(tx, deps, user, link, user.email ?? "");
}

/** The email-change emails: to the new address, and to the current one when changes are double-confirmed. */
export async function sendEmailChange(tx: Tx, deps: AuthDeps, user: UserRow, newEmail: string, redirectTo: string, pkce: Pkce | null): Promise<void> {
  if (pkce) await createFlowState(tx, user.id, pkce, providerTypeOf.email_change, authMethodOf.email_change);
  const links = await issueEmailChangeLinks(tx, deps, user, newEmail, redirectTo, pkce ? "pkce" : "implicit");
  await sendEmail(tx, deps, user, links.next, newEmail, newEmail);
  if (links.current) await sendEmail(tx, deps, user, links.current, user.email ?? "", newEmail);
}
