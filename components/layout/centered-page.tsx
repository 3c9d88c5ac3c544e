import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { cn } from "@/lib/utils";

/** The signed-out shell: the logo on top and one narrow column of cards, centred on larger screens. */
export function CenteredPage({ children, width = "sm" }: { children: ReactNode; width?: "sm" | "md" }) {
  return (
    <div className="flex min-h-dvh flex-col bg-subtle">
      <header className="mx-auto w-full max-w-6xl px-4 py-5 sm:px-6">
        <Logo />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-4 pb-16 sm:items-center sm:pt-0">
        <div className={cn("grid w-full gap-4", width === "sm" ? "max-w-sm" : "max-w-md")}>{children}</div>
      </main>
    </div>
  );
}
