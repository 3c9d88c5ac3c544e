"use server";

import { orgAction } from "@/lib/actions/org-action";
import { ChannelIdInput, CreateChannelInput, VerifyChannelInput, WeeklyDigestInput } from "@/lib/services/alerts/channel-schemas";
import { confirmWebhookTest as confirm } from "@/lib/services/alerts/confirm-webhook-test";
import { createChannel as create } from "@/lib/services/alerts/create-channel";
import { deleteChannel as remove } from "@/lib/services/alerts/delete-channel";
import { enableChannel as enable } from "@/lib/services/alerts/enable-channel";
import { resendVerificationCode as resend } from "@/lib/services/alerts/resend-verification-code";
import { sendChannelTest as sendTest } from "@/lib/services/alerts/send-channel-test";
import { setWeeklyDigest as setDigest } from "@/lib/services/alerts/set-weekly-digest";
import { verifyChannelCode as verify } from "@/lib/services/alerts/verify-channel-code";

export const createChannel = orgAction({ schema: CreateChannelInput, minimumRole: "admin", handler: (ctx, input) => create(ctx, input) });

export const verifyChannelCode = orgAction({ schema: VerifyChannelInput, minimumRole: "admin", handler: (ctx, input) => verify(ctx, input) });

export const resendVerificationCode = orgAction({ schema: ChannelIdInput, minimumRole: "admin", handler: (ctx, input) => resend(ctx, input) });

export const sendChannelTest = orgAction({ schema: ChannelIdInput, minimumRole: "admin", handler: (ctx, input) => sendTest(ctx, input) });

export const confirmWebhookTest = orgAction({ schema: ChannelIdInput, minimumRole: "admin", handler: confirm });

export const enableChannel = orgAction({ schema: ChannelIdInput, minimumRole: "admin", handler: (ctx, input) => enable(ctx, input) });

export const deleteChannel = orgAction({ schema: ChannelIdInput, minimumRole: "admin", handler: remove });

/** Any member, viewers too, for themselves. */
export const setWeeklyDigest = orgAction({ schema: WeeklyDigestInput, handler: setDigest });
