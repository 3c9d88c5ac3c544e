"use client";

import { Mail, MessageSquare, Power, RotateCw, Send, ShieldCheck, Trash2, Webhook } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import type { Channel, ChannelStatus } from "@/lib/services/alerts/channel-row";
import { cn, formatTimestamp } from "@/lib/utils";
import { ActionStatus } from "../members/action-status";
import { confirmWebhookTest, deleteChannel, enableChannel, resendVerificationCode, sendChannelTest, verifyChannelCode } from "./actions";

const ICONS = { email: Mail, sms: MessageSquare, webhook: Webhook } as const;
const KIND_LABELS = { email: "Email", sms: "SMS", webhook: "Webhook" } as const;

const STATUS: Record<ChannelStatus, { label: string; tone: string }> = {
  verified: { label: "Verified", tone: "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400" },
  awaiting_code: { label: "Waiting for code", tone: "bg-amber-500/15 text-amber-800 dark:text-amber-300" },
  code_expired: { label: "Code expired", tone: "bg-amber-500/15 text-amber-800 dark:text-amber-300" },
  unverified: { label: "Not verified", tone: "bg-amber-500/15 text-amber-800 dark:text-amber-300" },
  disabled: { label: "Disabled", tone: "bg-destructive/10 text-destructive" },
};

type ListProps = { orgSlug: string; timeZone: string; channels: Channel[]; canManage: boolean };

export function ChannelList({ orgSlug, timeZone, channels, canManage }: ListProps) {
  if (!channels.length) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-channels">
        No channels yet. Members are emailed at their own address; add a team inbox, a phone for SMS or a webhook for everything else.
      </p>
    );
  }
  return (
    <ul className="divide-y border-t" data-testid="channel-list">
      {channels.map((channel) => (
        <ChannelRow key={channel.id} orgSlug={orgSlug} timeZone={timeZone} channel={channel} canManage={canManage} />
      ))}
    </ul>
  );
}

/** What the status means now, in a sentence. */
function statusDetail(channel: Channel, when: (value: Date) => string): string {
  switch (channel.status) {
    case "verified":
      return `Verified ${channel.verified_at ? when(channel.verified_at) : ""}. Rules can send to it.`;
    case "awaiting_code":
      return `A code was sent; it expires ${channel.verification_expires_at ? when(channel.verification_expires_at) : "soon"}.`;
    case "code_expired":
      return "The code expired. Send a new one.";
    case "unverified":
      return channel.kind === "webhook" ? "Verify by sending a test: once it arrives, confirm the delivery." : "Send a code to verify it.";
    case "disabled":
      return `Disabled ${channel.disabled_at ? when(channel.disabled_at) : ""}${channel.disabled_reason ? `: ${channel.disabled_reason}` : ""}. It receives nothing until turned back on.`;
  }
}

function ChannelRow({ orgSlug, timeZone, channel, canManage }: { orgSlug: string; timeZone: string; channel: Channel; canManage: boolean }) {
  const [verifyState, verify] = useActionState(verifyChannelCode, null);
  const [resendState, resend] = useActionState(resendVerificationCode, null);
  const [testState, test] = useActionState(sendChannelTest, null);
  const [confirmState, confirm] = useActionState(confirmWebhookTest, null);
  const [enableState, enable] = useActionState(enableChannel, null);
  const [deleteState, remove] = useActionState(deleteChannel, null);
  const when = (value: Date) => formatTimestamp(new Date(value), timeZone);
  const Icon = ICONS[channel.kind];
  const status = STATUS[channel.status];
  const waiting = channel.kind !== "webhook" && (channel.status === "awaiting_code" || channel.status === "code_expired" || channel.status === "unverified");
  const codeErrors = verifyState && !verifyState.ok ? verifyState.error.fieldErrors?.code : undefined;
  const hidden = (
    <>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="channelId" value={channel.id} />
    </>
  );
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="channel-row" data-status={channel.status}>
      <div className="grid min-w-0 gap-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <Icon className="size-4 shrink-0 text-muted-foreground" aria-label={KIND_LABELS[channel.kind]} />
          <span className="[overflow-wrap:anywhere]">{channel.name}</span>
          <Badge className={cn("border-transparent", status.tone)} data-testid="channel-status">
            {status.label}
          </Badge>
        </p>
        {channel.name !== channel.destination ? <p className="font-mono text-xs [overflow-wrap:anywhere]">{channel.destination}</p> : null}
        <p className={cn("text-xs [overflow-wrap:anywhere]", channel.status === "disabled" ? "text-destructive" : "text-muted-foreground")}>
          {statusDetail(channel, when)}
        </p>
        {channel.latest_test ? (
          <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]" data-testid="latest-test">
            Latest test {when(channel.latest_test.created_at)}: {channel.latest_test.status}
            {channel.latest_test.last_error ? ` — ${channel.latest_test.last_error}` : ""}
          </p>
        ) : null}
      </div>
      {canManage ? (
        <div className="grid gap-2">
          <div className="flex flex-wrap items-start gap-2">
            {waiting && channel.status !== "unverified" ? (
              <form action={verify} className="flex flex-wrap items-start gap-2">
                {hidden}
                <div className="grid gap-1">
                  <Input
                    name="code"
                    aria-label={`Code for ${channel.name}`}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    placeholder="6-digit code"
                    maxLength={6}
                    aria-invalid={codeErrors ? true : undefined}
                    className="h-8 w-32"
                  />
                </div>
                <SubmitButton size="sm" pendingLabel="Checking…">
                  <ShieldCheck /> Verify
                </SubmitButton>
              </form>
            ) : null}
            {waiting ? (
              <form action={resend}>
                {hidden}
                <SubmitButton size="sm" variant="outline" pendingLabel="Sending…">
                  <RotateCw /> {channel.status === "unverified" ? "Send code" : "Resend code"}
                </SubmitButton>
              </form>
            ) : null}
            {channel.status === "verified" || (channel.kind === "webhook" && channel.status === "unverified") ? (
              <form action={test}>
                {hidden}
                <SubmitButton size="sm" variant="outline" pendingLabel="Sending…">
                  <Send /> Send test
                </SubmitButton>
              </form>
            ) : null}
            {channel.kind === "webhook" && channel.status === "unverified" && channel.latest_test ? (
              <form action={confirm}>
                {hidden}
                <SubmitButton size="sm" pendingLabel="Checking…">
                  <ShieldCheck /> Confirm delivery
                </SubmitButton>
              </form>
            ) : null}
            {channel.status === "disabled" ? (
              <form action={enable}>
                {hidden}
                <SubmitButton size="sm" variant="outline" pendingLabel="Turning on…">
                  <Power /> Turn back on
                </SubmitButton>
              </form>
            ) : null}
            <form action={remove}>
              {hidden}
              <ConfirmDialog
                trigger={
                  <>
                    <Trash2 /> Delete
                  </>
                }
                title={`Delete “${channel.name}”?`}
                description="Rules that send to it stop doing so. Messages already sent stay in the delivery log."
                confirmLabel="Delete channel"
              />
            </form>
          </div>
          {codeErrors ? <p className="text-sm text-destructive" role="alert">{codeErrors.join(" ")}</p> : <ActionStatus state={verifyState} success={() => "Verified."} />}
          <ActionStatus state={resendState} success={() => "A new code is on its way."} />
          <ActionStatus state={testState} success={() => "Test queued. It shows as sent once it arrives."} />
          <ActionStatus state={confirmState} success={() => "Endpoint verified."} />
          <ActionStatus state={enableState} success={(data) => (data.kind === "webhook" ? "On again: send a test to verify it." : "On again: we sent a new code.")} />
          <ActionStatus state={deleteState} />
        </div>
      ) : null}
    </li>
  );
}
