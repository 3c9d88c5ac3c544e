import { LoaderCircle } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** A spinning icon; decorative, so put the words ("Signing in…") next to it. */
export function Spinner({ className, ...props }: ComponentProps<"svg">) {
  return <LoaderCircle aria-hidden className={cn("size-4 animate-spin", className)} {...props} />;
}
