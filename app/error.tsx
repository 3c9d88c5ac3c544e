"use client";

import { CircleAlert, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";

/** Any page that fails to render: say so plainly, offer a retry, keep the digest for support. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="flex min-h-dvh items-center justify-center bg-subtle px-4 py-16">
      <div className="grid max-w-md justify-items-center gap-4 text-center">
        <span className="inline-flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
          <CircleAlert className="size-6" aria-hidden />
        </span>
        <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
        <p className="text-muted-foreground">
          This page couldn&apos;t be loaded. It is usually temporary: try again, and if it keeps happening, let us know.
        </p>
        {digest ? <p className="font-mono text-xs text-muted-foreground">Reference: {digest}</p> : null}
        <div className="mt-2 flex flex-col gap-2 sm:flex-row">
          <Button onClick={() => retry()}>
            <RotateCcw /> Try again
          </Button>
          <Button asChild variant="outline">
            <Link href="/">Go to the home page</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
