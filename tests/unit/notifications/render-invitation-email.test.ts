import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/core/notifications/escape-html.ts";
import { renderInvitationEmail, type InvitationEmailInput } from "@/lib/core/notifications/render-invitation-email.ts";

const base: InvitationEmailInput = {
  orgName: "Acme Robotics",
  inviterEmail: "ada@acme.test",
  inviterName: "Ada Lovelace",
  role: "member",
  acceptUrl: "https://app.spendguard.dev/invitations/accept?token=tok_123&org=acme",
  expiresAt: new Date("2026-03-10T14:05:00Z"),
};

const render = (overrides: Partial<InvitationEmailInput> = {}) => renderInvitationEmail({ ...base, ...overrides });

/** The text a reader sees in the HTML part: tags dropped, the entities this renderer emits decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&middot;/g, "·").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("renderInvitationEmail", () => {
  it("says who invited them, to which org, as what role, and how to accept", () => {
    const { subject, html, text } = render();
    expect(subject).toBe("Ada Lovelace invited you to join Acme Robotics on Spendguard");
    expect(text).toContain("Ada Lovelace (ada@acme.test) invited you to join Acme Robotics on Spendguard as a Member.");
    expect(visibleText(html)).toContain("Ada Lovelace (ada@acme.test) invited you to join Acme Robotics on Spendguard as a Member.");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<title>${escapeHtml(subject)}</title>`);
    expect(visibleText(html)).toContain("Accept invitation");
  });

  it("names the inviter by address when they have no display name", () => {
    const { subject, text } = render({ inviterName: undefined });
    expect(subject).toBe("ada@acme.test invited you to join Acme Robotics on Spendguard");
    expect(text.split("\n")).toContain("ada@acme.test invited you to join Acme Robotics on Spendguard as a Member.");
  });

  it.each([
    ["owner", "an Owner", "Full control of the organization, including its members, billing and deleting it."],
    ["admin", "an Admin", "Manages members, API keys, budgets, alerts and connectors."],
    ["member", "a Member", "Tracks spend and creates and edits budgets and alerts."],
    ["viewer", "a Viewer", "Sees dashboards, budgets and alerts, but cannot change anything."],
  ] as const)("describes the %s role as %j in both parts", (role, withArticle, summary) => {
    const { html, text } = render({ role });
    expect(text).toContain(`on Spendguard as ${withArticle}.`);
    expect(visibleText(html)).toContain(`on Spendguard as ${withArticle}.`);
    expect(text).toContain(summary);
    expect(visibleText(html)).toContain(summary);
  });

  it.each([
    [undefined, "Tuesday 10 March 2026 at 14:05 UTC"],
    ["Europe/Berlin", "Tuesday 10 March 2026 at 15:05 CET"],
    ["Pacific/Auckland", "Wednesday 11 March 2026 at 03:05 GMT+13"],
  ])("states the expiry in time zone %s", (timeZone, expected) => {
    const { html, text } = render({ timeZone });
    expect(text).toContain(`This invitation expires on ${expected}.`);
    expect(visibleText(html)).toContain(`This invitation expires on ${expected}.`);
  });

  it("puts the accept link in both parts, as the button and as copyable text", () => {
    const { html, text } = render();
    expect(text.split("\n")).toContain(base.acceptUrl);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual([escapeHtml(base.acceptUrl), escapeHtml(base.acceptUrl)]);
    expect(visibleText(html)).toContain(base.acceptUrl);
  });

  it.each([
    ["orgName", `<script>alert("org")</script>`],
    ["orgName", `"><img src=x onerror=alert(1)>`],
    ["orgName", "Tom & Jerry's <b>Bistro</b>"],
    ["inviterName", "<a href='https://evil.test'>Support</a>"],
    ["inviterEmail", `x"><svg onload=alert(1)>@evil.test`],
  ] as const)("escapes a hostile %s: %s", (field, hostile) => {
    const { subject, html, text } = render({ [field]: hostile });
    expect(html).not.toContain(hostile);
    expect(html).toContain(escapeHtml(hostile));
    expect(html).not.toMatch(/<(script|img|svg)\b/i);
    expect(html.match(/<a\b/g)).toHaveLength(2);
    // The plain-text part and the subject are not HTML: there the name reads exactly as typed.
    expect(text).toContain(hostile);
    if (field !== "inviterEmail") expect(subject).toContain(hostile);
  });

  it("keeps forged lines and bidi tricks out of the subject and the plain-text part", () => {
    const { subject, text } = render({
      orgName: "Acme\r\nBcc: victim@example.test\n\nhttps://evil.test/accept",
      inviterName: "\u202eAda\u202c",
    });
    expect(subject).toBe("Ada invited you to join Acme Bcc: victim@example.test https://evil.test/accept on Spendguard");
    expect(subject).not.toMatch(/[\r\n\u202a-\u202e]/);
    expect(text.split("\n")).not.toContain("https://evil.test/accept");
    expect(text.split("\n")).not.toContain("Bcc: victim@example.test");
    expect(text).not.toMatch(/[\u202a-\u202e]/);
  });

  it.each([
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "not a url",
  ])("refuses %j as the accept link", (acceptUrl) => {
    expect(() => render({ acceptUrl })).toThrow();
  });

  it("is deterministic: the same input renders the same email", () => {
    expect(render()).toEqual(render());
  });
});
