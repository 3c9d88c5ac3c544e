"use client";

import { Check, Copy, TriangleAlert } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * A secret shown this once (an API key, a webhook signing secret), with a copy button: nothing
 * in the browser keeps it after this, and the server never shows it again.
 */
export function OneTimeSecret({ title, children, secret }: { title: string; children: ReactNode; secret: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }
  return (
    <div role="status" className="grid gap-3 rounded-lg border border-amber-500/40 bg-amber-500/5 p-4 text-sm" data-testid="secret-reveal">
      <p className="flex items-start gap-2 font-medium">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
        <span className="[overflow-wrap:anywhere]">{title}</span>
      </p>
      <p className="text-muted-foreground">{children}</p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          className="min-w-0 flex-1 rounded-md border bg-background px-3 py-2 font-mono text-xs [overflow-wrap:anywhere] select-all"
          data-testid="secret-value"
        >
          {secret}
        </code>
        <Button type="button" variant="outline" size="sm" onClick={copy} className="shrink-0">
          {copied ? <Check /> : <Copy />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
