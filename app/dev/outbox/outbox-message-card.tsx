import { ExternalLink, Mail, MessageSquare, Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatUtc } from "@/lib/utils";
import type { OutboxChannel, OutboxMessage } from "./outbox-messages";
import { OutboxSmsBody } from "./outbox-sms-body";
import { OutboxWebhookBody } from "./outbox-webhook-body";

const CHANNELS: Record<OutboxChannel, { icon: typeof Mail; label: string }> = {
  email: { icon: Mail, label: "Email" },
  sms: { icon: MessageSquare, label: "SMS" },
  webhook: { icon: Webhook, label: "Webhook" },
};

/**
 * Captured HTML is shown in a sandboxed frame: no scripts, no access to this page. Links open
 * in a new tab (not inside the frame, where following a one-time link would waste it).
 */
function sandboxedHtml(html: string): string {
  return `<base target="_blank"><style>body{font-family:system-ui,sans-serif;margin:16px;color:#111;background:#fff}</style>${html}`;
}

function titleOf(message: OutboxMessage): string {
  if (message.channel === "sms") return "Text message";
  if (message.channel === "webhook") return message.subject ?? "Webhook";
  return message.subject ?? "(no subject)";
}

/** The link to open: an email's main link, or the first one in a text. */
function linkOf(message: OutboxMessage): string | undefined {
  if (message.meta.link) return message.meta.link;
  if (message.channel === "sms") return /https?:\/\/\S+/.exec(message.body_text ?? "")?.[0];
  return undefined;
}

export function OutboxMessageCard({ message }: { message: OutboxMessage }) {
  const { icon: Icon, label } = CHANNELS[message.channel];
  const link = linkOf(message);
  const type = message.meta.type;
  const status = message.meta.status;
  return (
    <article data-testid="outbox-message" data-channel={message.channel} className="overflow-hidden rounded-xl border bg-card shadow-sm">
      <header className="flex flex-col gap-3 border-b px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5">
        <div className="min-w-0">
          <h2 className="flex items-center gap-2 font-semibold">
            <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
            <span className="truncate">{titleOf(message)}</span>
          </h2>
          <p className="mt-1 text-sm break-all text-muted-foreground">
            {message.channel === "webhook" ? "POST " : "To "}
            <span data-testid="outbox-recipient" className="font-medium text-foreground">{message.recipient}</span>
          </p>
          <div className="mt-2 flex flex-wrap gap-1.5">
            <Badge variant="secondary" data-testid="outbox-channel">{label}</Badge>
            {type ? <Badge>{type.replaceAll("_", " ")}</Badge> : null}
            {message.source !== type ? <Badge variant="outline">{message.source}</Badge> : null}
            {status !== undefined ? <Badge variant="outline">HTTP {status}</Badge> : null}
          </div>
        </div>
        <time dateTime={message.created_at.toISOString()} className="shrink-0 text-xs text-muted-foreground">
          {formatUtc(message.created_at)}
        </time>
      </header>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 px-4 py-4 sm:px-5">
        {link ? (
          <div className="flex min-w-0 flex-col gap-2 sm:flex-row sm:items-center">
            <Button asChild size="sm" className="self-start">
              <a href={link} data-testid="outbox-link">
                <ExternalLink /> Open link
              </a>
            </Button>
            <code className="min-w-0 truncate rounded bg-muted px-2 py-1 font-mono text-xs text-muted-foreground" title={link}>
              {link}
            </code>
          </div>
        ) : null}
        {message.channel === "sms" && message.body_text ? <OutboxSmsBody text={message.body_text} /> : null}
        {message.channel === "webhook" ? <OutboxWebhookBody headers={message.meta.headers ?? {}} body={message.body_text} /> : null}
        {message.channel === "email" && message.body_html ? (
          <iframe
            title={`Message ${message.id}`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={sandboxedHtml(message.body_html)}
            className="h-72 w-full rounded-lg border bg-white"
          />
        ) : null}
        {message.channel === "email" && message.body_text ? (
          <details className="group rounded-lg border">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium select-none">Plain-text part</summary>
            <pre className="overflow-x-auto border-t px-3 py-3 font-mono text-xs leading-relaxed whitespace-pre-wrap">
              {message.body_text}
            </pre>
          </details>
        ) : null}
      </div>
    </article>
  );
}
