/**
 * Adds a notification channel (admins). The destination is checked for its kind — an email
 * address, an E.164 phone number, or a webhook URL that is https and not a private or loopback
 * address (unless WEBHOOK_ALLOW_PRIVATE_URLS=1, for the local stack and tests). Email and SMS
 * channels get a verification code at once; a webhook gets its signing secret, returned here
 * once and readable afterwards by service_role only, and is verified by a successful test.
 */
import "server-only";
import { parseEmailDestination, parsePhoneDestination, parseWebhookUrl } from "@/lib/core/alerts/destinations";
import { InvalidError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireChannelAdmin } from "./channel-access";
import { sendVerificationCode } from "./channel-messages";
import { selectChannel, type Channel } from "./channel-row";
import { CreateChannelInput, type ChannelKind } from "./channel-schemas";
import { newWebhookSecret } from "./webhook-secret";

export type CreateChannelResult = { channel: Channel; secret: string | null };

function parseDestination(kind: ChannelKind, destination: string) {
  if (kind === "email") return parseEmailDestination(destination);
  if (kind === "sms") return parsePhoneDestination(destination);
  return parseWebhookUrl(destination, { allowPrivate: process.env.WEBHOOK_ALLOW_PRIVATE_URLS === "1" });
}

/** The name people see in lists and messages: given, or the destination (a webhook's host). */
function defaultName(kind: ChannelKind, destination: string): string {
  return (kind === "webhook" ? new URL(destination).host : destination).slice(0, 100);
}

export async function createChannel(ctx: OrgContext, input: CreateChannelInput, now = Date.now()): Promise<CreateChannelResult> {
  requireChannelAdmin(ctx);
  const fields = parseInput(CreateChannelInput, input);
  const parsed = parseDestination(fields.kind, fields.destination);
  if (!parsed.ok) throw new InvalidError(parsed.message, { destination: [parsed.message] });
  const destination = parsed.value;
  const name = fields.name || defaultName(fields.kind, destination);
  const secret = fields.kind === "webhook" ? newWebhookSecret() : null;
  const channel = await asActor(ctx.actor, async (tx) => {
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.notification_channels (org_id, kind, name, destination, signing_secret)
      values (${ctx.org.id}, ${fields.kind}, ${name}, ${destination}, ${secret})
      returning id`;
    if (fields.kind !== "webhook") await sendVerificationCode(tx, ctx.org, { id, kind: fields.kind, name, destination }, now);
    return selectChannel(tx, ctx.org.id, id);
  });
  return { channel, secret };
}
