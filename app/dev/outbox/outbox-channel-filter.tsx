import Link from "next/link";
import { cn } from "@/lib/utils";
import type { OutboxChannel } from "./outbox-messages";

const OPTIONS: { value: OutboxChannel | undefined; label: string }[] = [
  { value: undefined, label: "All" },
  { value: "email", label: "Email" },
  { value: "sms", label: "SMS" },
  { value: "webhook", label: "Webhooks" },
];

/** Links rather than a form: each channel is a URL that can be bookmarked and reloaded. */
export function OutboxChannelFilter({ current, hrefFor }: { current: OutboxChannel | undefined; hrefFor: (channel: OutboxChannel | undefined) => string }) {
  return (
    <nav aria-label="Channel" className="flex flex-wrap gap-1 rounded-lg border bg-card p-1 self-start">
      {OPTIONS.map(({ value, label }) => {
        const active = value === current;
        return (
          <Link
            key={label}
            href={hrefFor(value)}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
              active ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
