/** What the notification-channel verbs accept; the channels page builds the same objects from its forms. */
import { z } from "zod";
import { uuidField } from "@/lib/services/organizations/schemas";

export const CHANNEL_KINDS = ["email", "sms", "webhook"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CreateChannelInput = z.object({
  kind: z.enum(CHANNEL_KINDS, { error: "Choose email, SMS or webhook." }),
  /** Defaults to the destination (the webhook's host) when left empty. */
  name: z.string().trim().max(100, "Keep the name under 100 characters.").default(""),
  destination: z.string({ error: "Enter where to send alerts." }).trim().min(1, "Enter where to send alerts.").max(2000, "Keep it under 2000 characters."),
});
export type CreateChannelInput = z.input<typeof CreateChannelInput>;

export const ChannelIdInput = z.object({ channelId: uuidField });

export const VerifyChannelInput = z.object({
  channelId: uuidField,
  code: z.string({ error: "Enter the 6-digit code." }).trim().regex(/^\d{6}$/, "Enter the 6-digit code from the message."),
});

export const WeeklyDigestInput = z.object({
  // From a checkbox form ("on" / absent) or an object (true / false).
  enabled: z.union([z.boolean(), z.literal("on").transform(() => true), z.literal("off").transform(() => false)]).default(false),
});
