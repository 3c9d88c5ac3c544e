"use client";

import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { ExportKind } from "@/lib/services/usage/explore-schemas";
import { ExploreFetchError } from "@/lib/fetch-json";

/**
 * CSV downloads of the group table and the full series, made by the export route as the signed-in
 * member. Fetched here (not a plain link) so a refusal — e.g. too many rows — shows on the page.
 */
export function ExportButtons({ slug, search }: { slug: string; search: string }) {
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function download(kind: ExportKind) {
    setBusy(kind);
    setProblem(null);
    try {
      const response = await fetch(`/${slug}/explore/export?${search}${search ? "&" : ""}kind=${kind}`);
      if (!response.ok || !(response.headers.get("content-type") ?? "").startsWith("text/csv")) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new ExploreFetchError(body?.error?.message ?? "The export failed. Try again in a moment.");
      }
      const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `spend-${kind}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement("a"), { href: url, download: filename });
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setProblem(error instanceof ExploreFetchError ? error.message : "The export failed. Try again in a moment.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="grid gap-1.5 sm:justify-items-end">
      <div className="flex flex-wrap gap-2">
        {(["groups", "series"] as const).map((kind) => (
          <Button key={kind} type="button" variant="outline" size="sm" onClick={() => download(kind)} disabled={busy !== null}>
            {busy === kind ? <Spinner /> : <Download />} {kind === "groups" ? "Table CSV" : "Series CSV"}
          </Button>
        ))}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
