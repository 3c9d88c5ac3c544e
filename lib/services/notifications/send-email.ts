/**
 * Sends one transactional email (invitations, approval requests) through whichever transport this
 * deployment has (see transports.ts). Failures are thrown, never swallowed: a DeliveryError says
 * whether a retry can help, a ChannelNotConfiguredError that the deployment lacks a provider.
 * Alerts do not come this way: they go through the outbox (public.notifications) and the
 * dispatch-notifications edge function, which uses the same lib/delivery transports.
 */
import "server-only";
import type { EmailMessage, EmailTransport, SentMessage } from "@/lib/delivery/email-message";
import { emailTransport } from "./transports";

export type { EmailMessage, SentMessage };
export { ChannelNotConfiguredError, DeliveryError } from "@/lib/delivery/errors";

export async function sendEmail(message: EmailMessage, transport: EmailTransport = emailTransport()): Promise<SentMessage> {
  return transport.send(message);
}
