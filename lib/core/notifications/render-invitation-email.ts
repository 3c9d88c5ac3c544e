/**
 * The email that invites someone into an organization: who asked, to which org, as what role,
 * the link to accept and when it stops working. Pure: the caller supplies every fact, including
 * the time zone the expiry is written in.
 */
import { escapeHtml, singleLine } from "./escape-html.ts";
import { formatDateTime } from "./format-date-time.ts";
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

export type RenderedEmail = { subject: string; html: string; text: string };

const BRAND = "#0f766e";

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
  const acceptUrl = webUrl(input.acceptUrl);
  const expires = formatDateTime(input.expiresAt, input.timeZone);
  const role = roleWithArticle(input.role);
  const label = ROLE_LABELS[input.role];
  const summary = ROLE_SUMMARIES[input.role];

  // The address is always shown beside a display name, which the inviter chose and could be anything.
  const inviterText = name ? `${name} (${email})` : email;
  const inviterHtml = name ? `<strong>${escapeHtml(name)}</strong> (${escapeHtml(email)})` : `<strong>${escapeHtml(email)}</strong>`;

  const subject = `${name || email} invited you to join ${org} on Spendguard`;

  const text = [
    `${inviterText} invited you to join ${org} on Spendguard as ${role}.`,
    "",
    `${label}: ${summary}`,
    "",
    "Accept the invitation:",
    acceptUrl,
    "",
    `This invitation expires on ${expires}.`,
    "",
    "If you were not expecting this invitation, you can ignore this email: nothing happens unless you accept it.",
    "",
    "Spendguard · keeps your API and cloud spend under control",
  ].join("\n");

  const href = escapeHtml(acceptUrl);
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light">
    <title>${escapeHtml(subject)}</title>
  </head>
  <body style="margin:0;padding:0;background-color:#f4f5f7;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2937;">
    <div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(`Join ${org} on Spendguard as ${role}.`)}</div>
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;padding:32px 12px;">
      <tr>
        <td align="center">
          <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:520px;background-color:#ffffff;border-radius:12px;border:1px solid #e5e7eb;">
            <tr>
              <td style="padding:28px 32px 0 32px;">
                <span aria-hidden="true" style="display:inline-block;width:28px;height:28px;border-radius:7px;background-color:${BRAND};color:#ffffff;font-weight:700;font-size:16px;line-height:28px;text-align:center;vertical-align:middle;">$</span>
                <span style="font-size:18px;font-weight:700;letter-spacing:-0.01em;vertical-align:middle;margin-left:8px;color:#0f172a;">Spendguard</span>
              </td>
            </tr>
            <tr>
              <td style="padding:24px 32px 8px 32px;">
                <h1 style="margin:0 0 12px 0;font-size:22px;line-height:1.3;color:#0f172a;word-break:break-word;">Join ${escapeHtml(org)} on Spendguard</h1>
                <p style="margin:0;font-size:15px;line-height:1.6;color:#374151;word-break:break-word;">${inviterHtml} invited you to join <strong>${escapeHtml(org)}</strong> on Spendguard as ${escapeHtml(role)}.</p>
              </td>
            </tr>
            <tr>
              <td style="padding:12px 32px 8px 32px;">
                <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f1f5f9;border-radius:8px;">
                  <tr>
                    <td style="padding:12px 16px;font-size:14px;line-height:1.5;color:#374151;">
                      <strong style="color:#0f172a;">${escapeHtml(label)}</strong> &middot; ${escapeHtml(summary)}
                    </td>
                  </tr>
                </table>
              </td>
            </tr>
            <tr>
              <td style="padding:16px 32px 8px 32px;">
                <table role="presentation" cellpadding="0" cellspacing="0" border="0">
                  <tr>
                    <td bgcolor="${BRAND}" style="border-radius:8px;">
                      <a href="${href}" target="_blank" style="display:inline-block;background-color:${BRAND};color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 22px;border-radius:8px;">Accept invitation</a>
                    </td>
                  </tr>
                </table>
              </td>
            </tr>
            <tr>
              <td style="padding:16px 32px 8px 32px;">
                <p style="margin:0 0 8px 0;font-size:14px;line-height:1.5;color:#374151;">This invitation expires on <strong>${escapeHtml(expires)}</strong>.</p>
                <p style="margin:0 0 8px 0;font-size:13px;line-height:1.5;color:#6b7280;">If the button does not work, paste this address into your browser:</p>
                <p style="margin:0;font-size:13px;line-height:1.5;word-break:break-all;"><a href="${href}" target="_blank" style="color:${BRAND};">${href}</a></p>
              </td>
            </tr>
            <tr>
              <td style="padding:16px 32px 24px 32px;border-top:1px solid #e5e7eb;">
                <p style="margin:0;font-size:12px;line-height:1.5;color:#9ca3af;">If you were not expecting this invitation, you can ignore this email: nothing happens unless you accept it.</p>
              </td>
            </tr>
          </table>
          <p style="margin:16px 0 0 0;font-size:12px;color:#9ca3af;">Spendguard &middot; keeps your API and cloud spend under control</p>
        </td>
      </tr>
    </table>
  </body>
</html>
`;

  return { subject, html, text };
}
