import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** A horizontal rule, optionally with a short label in the middle ("or"). */
export function Separator({ className, children, ...props }: ComponentProps<"div">) {
  if (!children) return <div role="separator" className={cn("h-px w-full bg-border", className)} {...props} />;
  return (
    <div role="separator" className={cn("flex items-center gap-3 text-xs text-muted-foreground uppercase", className)} {...props}>
      <span className="h-px flex-1 bg-border" />
      {children}
      <span className="h-px flex-1 bg-border" />
    </div>
  );
}
