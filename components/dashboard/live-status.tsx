import type { RealtimeStatus } from "@/lib/realtime/use-org-realtime";
import { cn } from "@/lib/utils";

const LABELS: Record<RealtimeStatus, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" };
const DOTS: Record<RealtimeStatus, string> = {
  connecting: "bg-muted-foreground/60",
  live: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
};

/** Whether the numbers on the page follow new usage as it arrives (the Realtime subscription's state). */
export function LiveStatus({ status }: { status: RealtimeStatus }) {
  return (
    <p
      role="status"
      className="inline-flex items-center gap-2 rounded-full border bg-card px-3 py-1 text-xs font-medium text-muted-foreground"
      data-testid="live-status"
      data-status={status}
      title={status === "live" ? "New usage appears here as it arrives." : "Numbers may be behind until the connection is back."}
    >
      <span className={cn("size-2 rounded-full", DOTS[status])} aria-hidden />
      {LABELS[status]}
    </p>
  );
}
