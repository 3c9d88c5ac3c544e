import Link from "next/link";
import { cn } from "@/lib/utils";

/** The Spendguard mark: a shield holding a rising-then-capped line. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden className={cn("size-7", className)}>
      <path d="M16 2.5 4.5 7v8.2c0 7.1 4.9 12.5 11.5 14.3 6.6-1.8 11.5-7.2 11.5-14.3V7L16 2.5Z" className="fill-primary" />
      <path
        d="m9.5 19.5 4.2-4.6 3.4 2.9 5.4-6.3M18.6 11.5h3.9v3.9"
        fill="none"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="stroke-primary-foreground"
      />
    </svg>
  );
}

export function Logo({ href = "/", className }: { href?: string; className?: string }) {
  return (
    <Link href={href} className={cn("inline-flex items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50", className)}>
      <LogoMark />
      <span className="text-lg">Spendguard</span>
    </Link>
  );
}
