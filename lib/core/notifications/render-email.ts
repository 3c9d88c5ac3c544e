/**
 * The one look of every email Spendguard sends (invitations, alerts, digests, codes, tests,
 * disabled channels): table layout and inline styles that survive Outlook and Gmail, the brand
 * mark, one button — filled from plain text. Both parts come from the same content, so
 * the text part says everything the HTML says. Everything is escaped here and nowhere else.
 */
import { escapeHtml, singleLine } from "./escape-html.ts";

export type RenderedEmail = { subject: string; html: string; text: string };

/** One labelled line of a fact table ("Spent: $812.40"). */
export type Fact = { label: string; value: string };

const BRAND = "#0f766e";

export type BadgeTone = "info" | "warning" | "critical" | "resolved";

const BADGE_COLOURS: Record<BadgeTone, { text: string; background: string }> = {
  info: { text: "#1d4ed8", background: "#dbeafe" },
  warning: { text: "#92400e", background: "#fef3c7" },
  critical: { text: "#b91c1c", background: "#fee2e2" },
  resolved: { text: "#166534", background: "#dcfce7" },
};

export type EmailContent = {
  /** One line; also the HTML title. */
  subject: string;
  /** The line mail clients show after the subject in the inbox. */
  preheader: string;
  badge?: { label: string; tone: BadgeTone };
  heading: string;
  paragraphs: string[];
  tables: { caption: string; rows: Fact[] }[];
  button: { label: string; href: string };
  /** Paragraphs after the button. */
  notes?: string[];
  /** Further links after the notes, one a line. */
  links?: { label: string; href: string }[];
  /** Small print: why they get this email and how to change that. */
  footer: { text: string; link?: { label: string; href: string } };
};

export function renderEmail(content: EmailContent): RenderedEmail {
  const clean = oneLineEach(content);
  return { subject: clean.subject, html: html(clean.subject, clean), text: text(clean.subject, clean) };
}

/** Every piece on one line, so no name people typed can forge a line in the text part or a header. */
function oneLineEach(content: EmailContent): EmailContent {
  const fact = (row: Fact): Fact => ({ label: singleLine(row.label), value: singleLine(row.value) });
  return {
    subject: singleLine(content.subject),
    preheader: singleLine(content.preheader),
    badge: content.badge,
    heading: singleLine(content.heading),
    paragraphs: content.paragraphs.map(singleLine),
    tables: content.tables.map((table) => ({ caption: singleLine(table.caption), rows: table.rows.map(fact) })),
    button: content.button,
    notes: content.notes?.map(singleLine),
    links: content.links?.map((link) => ({ label: singleLine(link.label), href: link.href })),
    footer: { text: singleLine(content.footer.text), link: content.footer.link },
  };
}

function text(subject: string, content: EmailContent): string {
  const lines = [subject, ""];
  for (const paragraph of content.paragraphs) lines.push(paragraph, "");
  for (const table of content.tables) {
    lines.push(`${table.caption}:`);
    for (const row of table.rows) lines.push(`${row.label}: ${row.value}`);
    lines.push("");
  }
  lines.push(`${content.button.label}:`, content.button.href, "");
  for (const note of content.notes ?? []) lines.push(note, "");
  for (const link of content.links ?? []) lines.push(`${link.label}: ${link.href}`, "");
  lines.push(content.footer.text);
  if (content.footer.link) lines.push(`${content.footer.link.label}: ${content.footer.link.href}`);
  lines.push("", "Spendguard · keeps your API and cloud spend under control");
  return lines.join("\n");
}

function html(subject: string, content: EmailContent): string {
  const href = escapeHtml(content.button.href);
  const badge = content.badge
    ? `<p style="margin:0 0 12px 0;"><span style="display:inline-block;padding:3px 10px;border-radius:999px;font-size:12px;font-weight:700;letter-spacing:0.02em;color:${BADGE_COLOURS[content.badge.tone].text};background-color:${BADGE_COLOURS[content.badge.tone].background};">${escapeHtml(content.badge.label)}</span></p>`
    : "";
  const paragraphs = content.paragraphs
    .map((paragraph) => `<p style="margin:0 0 12px 0;font-size:15px;line-height:1.6;color:#374151;word-break:break-word;">${escapeHtml(paragraph)}</p>`)
    .join("\n                ");
  const tables = content.tables.map(factTable).join("\n");
  const notes = [
    ...(content.notes ?? []).map((note) => `<p style="margin:0 0 8px 0;font-size:14px;line-height:1.5;color:#374151;word-break:break-word;">${escapeHtml(note)}</p>`),
    ...(content.links ?? []).map((link) => `<p style="margin:0 0 8px 0;font-size:14px;line-height:1.5;"><a href="${escapeHtml(link.href)}" target="_blank" style="color:${BRAND};font-weight:600;">${escapeHtml(link.label)}</a></p>`),
  ].join("\n                ");
  const footerLink = content.footer.link
    ? ` <a href="${escapeHtml(content.footer.link.href)}" target="_blank" style="color:${BRAND};">${escapeHtml(content.footer.link.label)}</a>`
    : "";
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light">
    <title>${escapeHtml(subject)}</title>
  </head>
  <body style="margin:0;padding:0;background-color:#f4f5f7;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2937;">
    <div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(content.preheader)}</div>
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;padding:32px 12px;">
      <tr>
        <td align="center">
          <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:12px;border:1px solid #e5e7eb;">
            <tr>
              <td style="padding:28px 32px 0 32px;">
                <span aria-hidden="true" style="display:inline-block;width:28px;height:28px;border-radius:7px;background-color:${BRAND};color:#ffffff;font-weight:700;font-size:16px;line-height:28px;text-align:center;vertical-align:middle;">$</span>
                <span style="font-size:18px;font-weight:700;letter-spacing:-0.01em;vertical-align:middle;margin-left:8px;color:#0f172a;">Spendguard</span>
              </td>
            </tr>
            <tr>
              <td style="padding:24px 32px 4px 32px;">
                ${badge}
                <h1 style="margin:0 0 12px 0;font-size:21px;line-height:1.35;color:#0f172a;word-break:break-word;">${escapeHtml(content.heading)}</h1>
                ${paragraphs}
              </td>
            </tr>
${tables}
            <tr>
              <td style="padding:16px 32px 8px 32px;">
                <table role="presentation" cellpadding="0" cellspacing="0" border="0">
                  <tr>
                    <td bgcolor="${BRAND}" style="border-radius:8px;">
                      <a href="${href}" target="_blank" style="display:inline-block;background-color:${BRAND};color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 22px;border-radius:8px;">${escapeHtml(content.button.label)}</a>
                    </td>
                  </tr>
                </table>
              </td>
            </tr>
            <tr>
              <td style="padding:12px 32px 8px 32px;">
                ${notes}
                <p style="margin:0 0 8px 0;font-size:13px;line-height:1.5;color:#6b7280;">If the button does not work, paste this address into your browser:</p>
                <p style="margin:0;font-size:13px;line-height:1.5;word-break:break-all;"><a href="${href}" target="_blank" style="color:${BRAND};">${href}</a></p>
              </td>
            </tr>
            <tr>
              <td style="padding:16px 32px 24px 32px;border-top:1px solid #e5e7eb;">
                <p style="margin:0;font-size:12px;line-height:1.5;color:#6b7280;">${escapeHtml(content.footer.text)}${footerLink}</p>
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
}

function factTable(table: { caption: string; rows: Fact[] }): string {
  const rows = table.rows
    .map(
      (row, index) => `                    <tr>
                      <td style="padding:8px 12px;font-size:13px;line-height:1.4;color:#6b7280;vertical-align:top;${index > 0 ? "border-top:1px solid #e5e7eb;" : ""}">${escapeHtml(row.label)}</td>
                      <td style="padding:8px 12px;font-size:14px;line-height:1.4;color:#0f172a;font-weight:600;text-align:right;vertical-align:top;word-break:break-word;${index > 0 ? "border-top:1px solid #e5e7eb;" : ""}">${escapeHtml(row.value)}</td>
                    </tr>`,
    )
    .join("\n");
  return `            <tr>
              <td style="padding:8px 32px 8px 32px;">
                <p style="margin:0 0 6px 0;font-size:12px;font-weight:700;letter-spacing:0.04em;text-transform:uppercase;color:#6b7280;">${escapeHtml(table.caption)}</p>
                <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f8fafc;border:1px solid #e5e7eb;border-radius:8px;">
${rows}
                </table>
              </td>
            </tr>`;
}
