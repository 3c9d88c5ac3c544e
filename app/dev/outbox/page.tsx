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
import { listOutboxMessages, OUTBOX_PAGE_SIZE } from "./outbox-messages";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };

/** Emails and texts the local stack captured instead of sending. Does not exist in production. */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Awaiting the request's params first keeps this page out of build-time prerendering, where
  // the local-stack flag is not set and the 404 would be baked in.
  const recipient = firstValue((await searchParams).to)?.trim() || undefined;
  if (serverEnv().SPENDGUARD_LOCAL_STACK !== "1") notFound();
  const messages = await listOutboxMessages(recipient);

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
            <Link href={recipient ? `/dev/outbox?${new URLSearchParams({ to: recipient })}` : "/dev/outbox"}>
              <RefreshCw /> Refresh
            </Link>
          </Button>
        </div>
      </header>
      <main className="mx-auto grid max-w-4xl gap-6 px-4 py-8 sm:px-6">
        <p className="text-sm text-muted-foreground">
          Messages the app would have sent, newest first (up to {OUTBOX_PAGE_SIZE}). Nothing here left this machine.
        </p>
        <form role="search" className="flex gap-2">
          <label htmlFor="outbox-to" className="sr-only">
            Recipient
          </label>
          <Input id="outbox-to" name="to" type="search" placeholder="Filter by recipient, e.g. ana@example.com" defaultValue={recipient} />
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        {messages.length === 0 ? (
          <div className="grid justify-items-center gap-3 rounded-xl border border-dashed bg-card px-6 py-14 text-center">
            <Inbox className="size-8 text-muted-foreground" aria-hidden />
            <p className="font-medium">{recipient ? `Nothing sent to ${recipient} yet` : "No messages yet"}</p>
            <p className="max-w-sm text-sm text-muted-foreground">
              Sign-up confirmations, sign-in links, password resets and alerts appear here as soon as they are sent.
            </p>
          </div>
        ) : (
          messages.map((message) => <OutboxMessageCard key={message.id} message={message} />)
        )}
      </main>
    </div>
  );
}
