/**
 * One outbox row's message, for the channel it goes by: the dispatcher parses the payload
 * (notification-payload.ts) and renders it here, then sends the result as it is. Pure: the site
 * URL for links, the reader's time zone (the organization's; UTC when not given) and, for the
 * one event that carries no time of its own (a webhook test), the time come in `context`.
 *
 *   payload           email   sms   webhook
 *   alert_fired        ✓       ✓      ✓ alert.fired
 *   alert_resolved     ✓       ✓      ✓ alert.resolved
 *   digest             ✓       –      –
 *   verification       ✓       ✓      –   (webhooks are verified by a test event)
 *   test               ✓       ✓      ✓ endpoint.test
 *   channel_disabled   ✓       –      –   (told to admins by email)
 *
 * Any other combination throws RenderError: a bug upstream, never something to send anyway.
 */
import { appLink } from "./app-links.ts";
import type { NotificationPayload } from "./notification-payload.ts";
import { renderAlertEmail } from "./render-alert-email.ts";
import { renderAlertSms } from "./render-alert-sms.ts";
import {
  renderChannelDisabledEmail,
  renderTestEmail,
  renderTestSms,
  renderVerificationEmail,
  renderVerificationSms,
} from "./render-channel-messages.ts";
import { renderDigestEmail } from "./render-digest-email.ts";
import { lastCompleteMonth } from "../reports/report-month.ts";
import type { RenderedEmail } from "../notifications/render-email.ts";
import { RenderError } from "./render-error.ts";
import { alertWebhookEvent, testWebhookEvent } from "./webhook-event.ts";

export { RenderError };

export type Channel = "email" | "sms" | "webhook";

export type RenderContext = {
  /** The app's public origin (SPENDGUARD_SITE_URL), for links. */
  siteUrl: string;
  /** IANA zone dates are written in; UTC when not given. */
  timeZone?: string;
  /** The time of a webhook test event, which carries none; the clock when not given. */
  now?: Date;
};

export type RenderedMessage =
  | { channel: "email"; subject: string; html: string; text: string; link: string }
  | { channel: "sms"; body: string }
  | { channel: "webhook"; type: string; body: { type: string; timestamp: string; data: unknown } };

export function renderNotification(payload: NotificationPayload, channel: Channel, context: RenderContext): RenderedMessage {
  const { siteUrl, timeZone } = context;
  const slug = payload.org.slug;
  const email = (rendered: RenderedEmail, link: string): RenderedMessage => ({ channel: "email", ...rendered, link });
  const sms = (body: string): RenderedMessage => ({ channel: "sms", body });

  switch (payload.type) {
    case "alert_fired":
    case "alert_resolved": {
      const link = appLink(siteUrl, slug, "alerts", { alert: payload.alert.id });
      if (channel === "email") return email(renderAlertEmail(payload, link, timeZone), link);
      if (channel === "sms") return sms(renderAlertSms(payload, link, timeZone));
      const event = alertWebhookEvent(payload, link, timeZone);
      return { channel: "webhook", type: event.type, body: event };
    }
    case "digest": {
      if (channel !== "email") break;
      const dashboard = appLink(siteUrl, slug, "dashboard");
      // The month that had ended when the digest was written, on the organization's calendar.
      const month = lastCompleteMonth(Date.parse(payload.week_end), timeZone ?? "UTC");
      const report = { month, href: appLink(siteUrl, slug, `reports/${month}`) };
      return email(renderDigestEmail(payload, { dashboard, channels: appLink(siteUrl, slug, "settings/channels"), report }, timeZone), dashboard);
    }
    case "verification": {
      const link = appLink(siteUrl, slug, "settings/channels");
      if (channel === "email") return email(renderVerificationEmail(payload, link, timeZone), link);
      if (channel === "sms") return sms(renderVerificationSms(payload, timeZone));
      break;
    }
    case "test": {
      const link = appLink(siteUrl, slug, "settings/channels");
      if (channel === "email") return email(renderTestEmail(payload, link), link);
      if (channel === "sms") return sms(renderTestSms(payload));
      const event = testWebhookEvent(payload, link, context.now ?? new Date());
      return { channel: "webhook", type: event.type, body: event };
    }
    case "channel_disabled": {
      if (channel !== "email") break;
      const link = appLink(siteUrl, slug, "settings/channels");
      return email(renderChannelDisabledEmail(payload, link), link);
    }
  }
  throw new RenderError(`A ${payload.type} notification cannot be sent by ${channel}.`);
}
