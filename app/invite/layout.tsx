import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";

export default function InviteLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-subtle">
      <header className="mx-auto w-full max-w-6xl px-4 py-5 sm:px-6">
        <Logo />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-4 pb-16 sm:items-center sm:pt-0">
        <div className="grid w-full max-w-md gap-4">{children}</div>
      </main>
    </div>
  );
}
