/**
 * The emails GoTrue sends (signup confirmation, magic link, recovery, invite, email change): a
 * fresh one-time token per email, rendered with the project's templates and "sent" by writing it
 * to local_dev.outbox (the local stack's stand-in for Mailpit). Rate limits (`max_frequency`,
 * `[auth.rate_limit] email_sent`) are not enforced locally.
 */
import type { EmailTemplateType } from "./config.ts";
import { generateOtp, pkcePrefix, storeToken, tokenHash, type TokenKind } from "./one-time-tokens.ts";
import type { AuthDeps } from "./service-context.ts";
import { htmlToText, renderHtml, renderText } from "./templates.ts";
import { jsonb, type Tx, type UserRow } from "./users.ts";

export type EmailType = "signup" | "invite" | "magiclink" | "recovery" | "email_change";

const templateOf: Record<EmailType, EmailTemplateType> = {
  signup: "confirmation",
  invite: "invite",
  magiclink: "magic_link",
  recovery: "recovery",
  email_change: "email_change",
};

const tokenKindOf: Record<Exclude<EmailType, "email_change">, TokenKind> = {
  signup: "confirmation",
  invite: "confirmation",
  magiclink: "recovery",
  recovery: "recovery",
};

export type FlowType = "pkce" | "implicit";

/** One emailed token and the link GoTrue builds for it (what admin generate_link returns too). */
export type EmailLink = {
  type: EmailType;
  otp: string;
  /** As stored, so with the `pkce_` prefix in PKCE flows: the `token_hash` the app verifies. */
  tokenHash: string;
  redirectTo: string;
  /** GoTrue's own verification URL: GET /auth/v1/verify?token=…&type=…&redirect_to=… */
  confirmationUrl: string;
};

function buildLink(deps: AuthDeps, type: EmailType, email: string, redirectTo: string, flow: FlowType): EmailLink {
  const otp = generateOtp(deps.config.otpLength);
  const hash = (flow === "pkce" ? pkcePrefix : "") + tokenHash(email, otp);
  const confirmationUrl = `${deps.externalUrl}/verify?token=${hash}&type=${type}&redirect_to=${encodeURIComponent(redirectTo)}`;
  return { type, otp, tokenHash: hash, redirectTo, confirmationUrl };
}

/** Issues the token for a signup, invite, magic-link or recovery email and stores it on the user. */
export async function issueEmailLink(
  tx: Tx, deps: AuthDeps, user: UserRow, type: Exclude<EmailType, "email_change">, redirectTo: string, flow: FlowType,
): Promise<EmailLink> {
  const email = user.email ?? "";
  const link = buildLink(deps, type, email, redirectTo, flow);
  await storeToken(tx, user.id, tokenKindOf[type], link.tokenHash, email);
  return link;
}

/**
 * Issues the email-change tokens: one for the new address and, when changes are double-confirmed,
 * one for the current address. Both are sent with the email_change template.
 */
export async function issueEmailChangeLinks(
  tx: Tx, deps: AuthDeps, user: UserRow, newEmail: string, redirectTo: string, flow: FlowType,
): Promise<{ current?: EmailLink; next: EmailLink }> {
  const next = buildLink(deps, "email_change", newEmail, redirectTo, flow);
  await tx`update auth.users set email_change = ${newEmail}, email_change_confirm_status = 0 where id = ${user.id}`;
  await storeToken(tx, user.id, "email_change_new", next.tokenHash, newEmail);
  if (!deps.config.doubleConfirmEmailChanges || !user.email) return { next };
  const current = buildLink(deps, "email_change", user.email, redirectTo, flow);
  await storeToken(tx, user.id, "email_change_current", current.tokenHash, user.email);
  return { current, next };
}

/** Renders the email for `link` and captures it in the outbox, inside the caller's transaction. */
export async function sendEmail(tx: Tx, deps: AuthDeps, user: UserRow, link: EmailLink, recipient: string, newEmail = ""): Promise<void> {
  const template = deps.config.templates[templateOf[link.type]];
  const data = {
    SiteURL: deps.config.siteUrl,
    ConfirmationURL: link.confirmationUrl,
    Token: link.otp,
    TokenHash: link.tokenHash,
    RedirectTo: link.redirectTo,
    Email: user.email ?? "",
    NewEmail: newEmail,
    Data: user.raw_user_meta_data ?? {},
  };
  const html = renderHtml(template.content, data);
  // The link a reader would click: the first one in the email that carries this token.
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
  const clicked = hrefs.find((href) => href.includes(link.tokenHash)) ?? link.confirmationUrl;
  const meta = {
    type: link.type,
    token: link.otp,
    token_hash: link.tokenHash,
    redirect_to: link.redirectTo,
    link: clicked,
    confirmation_url: link.confirmationUrl,
    user_id: user.id,
  };
  await tx`
    insert into local_dev.outbox (channel, source, recipient, subject, body_html, body_text, meta)
    values ('email', 'auth', ${recipient}, ${renderText(template.subject, data)}, ${html}, ${htmlToText(html)}, ${jsonb(tx, meta)})`;
  deps.log(`captured ${link.type} email to ${recipient} (see /dev/outbox)`);
}
