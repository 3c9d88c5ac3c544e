import { Inbox, RefreshCw } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LogoMark } from "@/components/brand/logo";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { serverEnv } from "@/lib/env";
import { firstValue, type SearchParams } from "@/lib/utils";
import { OutboxMessageCard } from "./outbox-message-card";
import { OutboxChannelFilter } from "./outbox-channel-filter";
import { isOutboxChannel, listOutboxMessages, OUTBOX_PAGE_SIZE } from "./outbox-messages";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };

const CHANNEL_NOUNS = { email: "emails", sms: "text messages", webhook: "webhooks" } as const;

/**
 * Emails and texts the local stack captured instead of sending, and copies of the webhooks it
 * posted. Does not exist in production.
 */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Awaiting the request's params first keeps this page out of build-time prerendering, where
  // the local-stack flag is not set and the 404 would be baked in.
  const params = await searchParams;
  const recipient = firstValue(params.to)?.trim() || undefined;
  const requestedChannel = firstValue(params.channel);
  const channel = isOutboxChannel(requestedChannel) ? requestedChannel : undefined;
  if (serverEnv().SPENDGUARD_LOCAL_STACK !== "1") notFound();
  const messages = await listOutboxMessages({ recipient, channel });
  const here = (changes: { to?: string; channel?: string }) => {
    const query = new URLSearchParams(Object.entries({ to: recipient, channel, ...changes }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return query.size > 0 ? `/dev/outbox?${query}` : "/dev/outbox";
  };

  return (
    <div className="min-h-dvh bg-subtle">
      <header className="border-b bg-card">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <div className="flex items-center gap-3">
            <LogoMark />
            <h1 className="text-lg font-semibold">Dev outbox</h1>
            <Badge variant="outline" className="hidden sm:inline-flex">
              Local stack only
            </Badge>
          </div>
          <Button asChild variant="outline" size="sm">
            <Link href={here({})}>
              <RefreshCw /> Refresh
            </Link>
          </Button>
        </div>
      </header>
      <main className="mx-auto grid max-w-4xl gap-6 px-4 py-8 sm:px-6">
        <p className="text-sm text-muted-foreground">
          Emails and texts the app would have sent, newest first (up to {OUTBOX_PAGE_SIZE}): nothing of them left this
          machine. Webhooks were posted to their endpoints for real; what was sent is kept here too.
        </p>
        <div className="grid gap-3">
          <form role="search" className="flex gap-2">
            <label htmlFor="outbox-to" className="sr-only">
              Recipient
            </label>
            <Input id="outbox-to" name="to" type="search" placeholder="Filter by recipient, e.g. ana@example.com" defaultValue={recipient} />
            {channel ? <input type="hidden" name="channel" value={channel} /> : null}
            <Button type="submit" variant="secondary">
              Filter
            </Button>
          </form>
          <OutboxChannelFilter current={channel} hrefFor={(value) => here({ channel: value ?? "" })} />
        </div>
        {messages.length === 0 ? (
          <div className="grid justify-items-center gap-3 rounded-xl border border-dashed bg-card px-6 py-14 text-center">
            <Inbox className="size-8 text-muted-foreground" aria-hidden />
            <p className="font-medium">{recipient ? `Nothing sent to ${recipient} yet` : channel ? `No ${CHANNEL_NOUNS[channel]} yet` : "No messages yet"}</p>
            <p className="max-w-sm text-sm text-muted-foreground">
              Sign-up confirmations, sign-in links, password resets, invitations, alert emails and texts, and copies of
              webhooks appear here as soon as they are sent.
            </p>
          </div>
        ) : (
          messages.map((message) => <OutboxMessageCard key={message.id} message={message} />)
        )}
      </main>
    </div>
  );
}
