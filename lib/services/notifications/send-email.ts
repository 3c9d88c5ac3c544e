/**
 * Sends one transactional email (invitations now, alerts later) through whichever transport this
 * deployment has (see transports.ts). Failures are thrown, never swallowed: EmailDeliveryError says
 * whether a retry can help, ChannelNotConfiguredError that the deployment lacks a provider.
 */
import { parseEmailMessage, type EmailMessage, type EmailTransport, type SentEmail } from "./email-message";
import { emailTransport } from "./transports";

export type { EmailMessage, SentEmail } from "./email-message";
export { ChannelNotConfiguredError, EmailDeliveryError } from "./errors";

export async function sendEmail(message: EmailMessage, transport: EmailTransport = emailTransport()): Promise<SentEmail> {
  return transport.send(parseEmailMessage(message, transport.provider));
}
