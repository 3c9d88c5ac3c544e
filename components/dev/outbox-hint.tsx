import { Inbox } from "lucide-react";
import Link from "next/link";
import { serverEnv } from "@/lib/env";

/** On the local stack no email leaves the machine; this points developers at where it went. */
export function OutboxHint() {
  if (serverEnv().SPENDGUARD_LOCAL_STACK !== "1") return null;
  return (
    <p className="flex items-center gap-2 rounded-md border border-dashed px-3 py-2 text-xs text-muted-foreground">
      <Inbox className="size-3.5 shrink-0" aria-hidden />
      <span>
        Running locally: emails are captured in the{" "}
        <Link href="/dev/outbox" className="font-medium text-foreground underline underline-offset-4">
          dev outbox
        </Link>
        .
      </span>
    </p>
  );
}
