"use client";

import { Check, Copy, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A new webhook's signing secret, shown this once with a copy button (only the dispatcher reads it afterwards). */
export function WebhookSecretReveal({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }
  return (
    <div role="status" className="grid gap-3 rounded-lg border border-amber-500/40 bg-amber-500/5 p-4 text-sm" data-testid="webhook-secret">
      <p className="flex items-start gap-2 font-medium">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
        <span className="[overflow-wrap:anywhere]">Webhook “{name}” added. Copy its signing secret now — you won’t see it again.</span>
      </p>
      <p className="text-muted-foreground">
        Every delivery is signed per Standard Webhooks (webhook-id, webhook-timestamp and webhook-signature headers): verify it with this secret
        in any Standard Webhooks library. Then send a test below to verify the endpoint.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="min-w-0 flex-1 rounded-md border bg-background px-3 py-2 font-mono text-xs [overflow-wrap:anywhere] select-all" data-testid="webhook-secret-value">
          {secret}
        </code>
        <Button type="button" variant="outline" size="sm" onClick={copy} className="shrink-0">
          {copied ? <Check /> : <Copy />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
