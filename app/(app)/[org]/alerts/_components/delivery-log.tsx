import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { NotificationLogEntry } from "@/lib/services/alerts/get-alert";
import { cn, formatTimestamp } from "@/lib/utils";

const STATUS_TONES: Record<NotificationLogEntry["status"], string> = {
  pending: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
  sending: "bg-sky-500/10 text-sky-800 dark:text-sky-300",
  sent: "bg-emerald-500/10 text-emerald-700 dark:text-emerald-400",
  dead: "bg-destructive/10 text-destructive",
  rejected: "bg-destructive/10 text-destructive",
};

const CHANNEL_LABELS = { email: "Email", sms: "SMS", webhook: "Webhook" } as const;

/** Every message queued for an alert, for admins: where it went, how it fared, and the provider's id. */
export function DeliveryLog({ entries, timeZone }: { entries: NotificationLogEntry[]; timeZone: string }) {
  if (!entries.length) {
    return <p className="text-sm text-muted-foreground">No messages were queued for this alert.</p>;
  }
  return (
    <div className="rounded-lg border" data-testid="delivery-log">
      {/* Wide enough to read; on phones it scrolls sideways inside its box. */}
      <Table className="min-w-[44rem]">
        <TableHeader>
          <TableRow>
            <TableHead>Message</TableHead>
            <TableHead>To</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Attempts</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.id} data-testid="delivery-row">
              <TableCell className="whitespace-nowrap">
                {CHANNEL_LABELS[entry.channel]} · {entry.purpose === "alert_resolved" ? "resolved" : "fired"}
              </TableCell>
              <TableCell className="max-w-56 [overflow-wrap:anywhere] whitespace-normal">
                {entry.channel_name && entry.channel_name !== entry.destination ? `${entry.channel_name} — ` : ""}
                {entry.destination}
              </TableCell>
              <TableCell>
                <Badge className={cn("border-transparent", STATUS_TONES[entry.status])}>{entry.status}</Badge>
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {entry.attempts}/{entry.max_attempts}
              </TableCell>
              <TableCell className="max-w-72 text-xs whitespace-normal text-muted-foreground [overflow-wrap:anywhere]">
                {entry.status === "sent" && entry.sent_at ? `Sent ${formatTimestamp(new Date(entry.sent_at), timeZone)}` : null}
                {entry.status === "pending" && entry.attempts > 0 ? `Next try ${formatTimestamp(new Date(entry.next_attempt_at), timeZone)}` : null}
                {entry.last_error ? <span className="block text-destructive">{entry.last_error_code ? `${entry.last_error_code}: ` : ""}{entry.last_error}</span> : null}
                {entry.provider_message_id ? <span className="block font-mono">{entry.provider ?? "provider"} id {entry.provider_message_id}</span> : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
