/**
 * The email that invites someone into an organization: who asked, to which org, as what role,
 * the link to accept and when it stops working. Pure: the caller supplies every fact, including
 * the time zone the expiry is written in.
 */
import { singleLine } from "./escape-html.ts";
import { formatDateTime } from "./format-date-time.ts";
import { renderEmail, type RenderedEmail } from "./render-email.ts";
import { ROLE_LABELS, ROLE_SUMMARIES, roleWithArticle, type OrgRole } from "./role-summaries.ts";

export type InvitationEmailInput = {
  orgName: string;
  inviterEmail: string;
  inviterName?: string;
  role: OrgRole;
  acceptUrl: string;
  expiresAt: Date;
  /** IANA zone for the expiry, normally the organization's; UTC when not given. */
  timeZone?: string;
};

/** Only web links may become the button: anything else (`javascript:`, `data:`) is a bug or an attack. */
function webUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`acceptUrl must be an http(s) URL, got ${url.protocol}`);
  }
  return url.href;
}

export function renderInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const org = singleLine(input.orgName);
  const email = singleLine(input.inviterEmail);
  const name = input.inviterName ? singleLine(input.inviterName) : "";
  // The address is always shown beside a display name, which the inviter chose and could be anything.
  const inviter = name ? `${name} (${email})` : email;
  const role = roleWithArticle(input.role);
  return renderEmail({
    subject: `${name || email} invited you to join ${org} on Spendguard`,
    preheader: `Join ${org} on Spendguard as ${role}.`,
    heading: `Join ${org} on Spendguard`,
    paragraphs: [`${inviter} invited you to join ${org} on Spendguard as ${role}.`],
    tables: [{ caption: "Your role", rows: [{ label: ROLE_LABELS[input.role], value: ROLE_SUMMARIES[input.role] }] }],
    button: { label: "Accept invitation", href: webUrl(input.acceptUrl) },
    notes: [`This invitation expires on ${formatDateTime(input.expiresAt, input.timeZone)}.`],
    footer: { text: "If you were not expecting this invitation, you can ignore this email: nothing happens unless you accept it." },
  });
}
