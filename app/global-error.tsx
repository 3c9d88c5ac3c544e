"use client";

import "./globals.css";

/** Replaces the root layout when it fails itself, so it brings its own <html> and styles. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <title>Something went wrong · Spendguard</title>
        <main className="flex min-h-dvh items-center justify-center bg-subtle px-4 py-16">
          <div className="grid max-w-md justify-items-center gap-4 text-center">
            <h1 className="text-2xl font-semibold tracking-tight">Spendguard is having trouble</h1>
            <p className="text-muted-foreground">We couldn&apos;t load the app. Try again in a moment.</p>
            <button
              type="button"
              onClick={() => retry()}
              className="inline-flex h-10 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground hover:bg-primary/90"
            >
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
