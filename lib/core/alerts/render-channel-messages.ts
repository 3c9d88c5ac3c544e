/**
 * Messages about a notification channel itself rather than about spend: the code that verifies
 * it (email, SMS), the test a member sends to see it work (email, SMS; webhooks in
 * webhook-event.ts), and the email admins get when a provider refused it for good and it was
 * disabled.
 */
import { singleLine } from "../notifications/escape-html.ts";
import { formatDateTime } from "../notifications/format-date-time.ts";
import { clipName, formatTimeOfDay } from "./message-format.ts";
import type { ChannelDisabledPayload, TestPayload, VerificationPayload } from "./notification-payload.ts";
import { renderEmail, type RenderedEmail } from "../notifications/render-email.ts";
import { fitSms } from "./render-sms.ts";

const KIND_NAMES = { email: "email", sms: "SMS", webhook: "webhook" } as const;

export function renderVerificationEmail(payload: VerificationPayload, channelsLink: string, timeZone: string | undefined): RenderedEmail {
  const org = singleLine(payload.org.name);
  const channel = singleLine(payload.channel_name);
  const expires = formatDateTime(new Date(payload.expires_at), timeZone);
  return renderEmail({
    subject: `Your Spendguard code is ${payload.code}`,
    preheader: `Enter it to verify the email channel "${channel}" of ${org}.`,
    heading: `Your code is ${payload.code}`,
    paragraphs: [
      `Someone in ${org} added this address as the email channel "${channel}" on Spendguard. Enter the code in the channel settings to verify it; alerts are sent here once it is verified.`,
      `The code expires on ${expires}.`,
    ],
    tables: [],
    button: { label: "Open channel settings", href: channelsLink },
    notes: ["If you did not expect this email, ignore it: nothing is sent here unless the code is entered."],
    footer: { text: "Spendguard never asks for this code by phone or email." },
  });
}

export function renderVerificationSms(payload: VerificationPayload, timeZone: string | undefined): string {
  const expires = formatTimeOfDay(new Date(payload.expires_at), timeZone);
  return fitSms(
    (names) => `Your Spendguard code is ${payload.code}. It verifies "${clipName(payload.channel_name, names)}" for ${clipName(payload.org.name, names)} and expires at ${expires}. Do not share it.`,
  );
}

export function renderTestEmail(payload: TestPayload, channelsLink: string): RenderedEmail {
  const org = singleLine(payload.org.name);
  const channel = singleLine(payload.channel_name);
  const by = payload.requested_by === null ? "" : ` ${singleLine(payload.requested_by)} asked for it.`;
  return renderEmail({
    subject: `Test from Spendguard: the channel "${channel}" of ${org} works`,
    preheader: "Alerts sent to this channel arrive like this email.",
    badge: { label: "Test", tone: "info" },
    heading: `The channel "${channel}" works`,
    paragraphs: [
      `This is a test message from ${org} on Spendguard.${by}`,
      "Alerts sent to this channel arrive like this: the severity and what happened in the subject, the budget, what was spent and the forecast in the message, and a link to the alert.",
    ],
    tables: [],
    button: { label: "Open channel settings", href: channelsLink },
    footer: { text: `You get this email because this address is a notification channel of ${org} on Spendguard.` },
  });
}

export function renderTestSms(payload: TestPayload): string {
  return fitSms(
    (names) => `Spendguard test: the channel "${clipName(payload.channel_name, names)}" of ${clipName(payload.org.name, names)} works. Alerts will arrive here.`,
  );
}

export function renderChannelDisabledEmail(payload: ChannelDisabledPayload, channelsLink: string): RenderedEmail {
  const org = singleLine(payload.org.name);
  const channel = singleLine(payload.channel_name);
  const kind = KIND_NAMES[payload.channel_kind];
  return renderEmail({
    subject: `${org}: the ${kind} channel "${channel}" was disabled`,
    preheader: `The provider refused ${shownDestination(payload)}: no alerts go there until it is fixed.`,
    badge: { label: "Action needed", tone: "warning" },
    heading: `The ${kind} channel "${channel}" was disabled`,
    paragraphs: [
      `The provider refused to deliver to this channel for good, so Spendguard stopped sending to it. Alerts for ${org} no longer reach it.`,
      "Correct the destination (or ask its owner why it refuses messages), then verify the channel again in the settings.",
    ],
    tables: [
      {
        caption: "Channel",
        rows: [
          { label: "Name", value: channel },
          { label: "Kind", value: kind },
          { label: "Destination", value: shownDestination(payload) },
          { label: "Provider's reason", value: payload.reason },
        ],
      },
    ],
    button: { label: "Open channel settings", href: channelsLink },
    footer: { text: `You get this email because you are an admin of ${org} on Spendguard.` },
  });
}

/** A webhook URL's path may hold a secret token: email shows only where it points. */
function shownDestination(payload: ChannelDisabledPayload): string {
  if (payload.channel_kind !== "webhook") return singleLine(payload.destination);
  try {
    return `${new URL(payload.destination).origin}/…`;
  } catch {
    return "(not a URL)";
  }
}
