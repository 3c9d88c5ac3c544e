import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col bg-subtle">
      <header className="mx-auto w-full max-w-6xl px-4 py-5 sm:px-6">
        <Logo />
      </header>
      <main className="flex flex-1 items-center justify-center px-4 pb-20">
        <div className="grid max-w-md justify-items-center gap-4 text-center">
          <p className="font-mono text-sm font-medium text-primary">404</p>
          <h1 className="text-3xl font-semibold tracking-tight text-balance">We couldn&apos;t find that page</h1>
          <p className="text-muted-foreground">
            The link may be mistyped, or the page may have moved. If someone sent it to you, ask them for a fresh one.
          </p>
          <Button asChild className="mt-2">
            <Link href="/">Back to the home page</Link>
          </Button>
        </div>
      </main>
    </div>
  );
}
