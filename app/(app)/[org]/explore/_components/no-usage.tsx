import { FileUp, KeyRound, Send } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The organization has no usage at all yet: where usage comes from. */
export function NoUsage({ slug, isAdmin }: { slug: string; isAdmin: boolean }) {
  const link = "font-medium text-foreground underline underline-offset-4";
  return (
    <Card data-testid="explore-empty">
      <CardHeader>
        <CardTitle>No usage yet</CardTitle>
        <CardDescription>
          Nothing has been recorded for this organization, so there is nothing to explore.{" "}
          {isAdmin ? "Start with one of these:" : "An admin can start it with one of these:"}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-3 md:grid-cols-3">
          <li className="grid content-start gap-1 rounded-lg border p-4 text-sm">
            <KeyRound className="size-5 text-muted-foreground" aria-hidden />
            <p className="font-medium">Send usage from your code</p>
            <p className="text-muted-foreground">
              Create an API key with the <code className="font-mono">ingest</code> scope under{" "}
              <Link href={`/${slug}/settings/api-keys`} className={link}>
                API keys
              </Link>
              , then POST events to <code className="font-mono">/api/v1/events</code>.
            </p>
          </li>
          <li className="grid content-start gap-1 rounded-lg border p-4 text-sm">
            <FileUp className="size-5 text-muted-foreground" aria-hidden />
            <p className="font-medium">Import a file</p>
            <p className="text-muted-foreground">
              Upload past usage as CSV on the{" "}
              {isAdmin ? (
                <Link href={`/${slug}/import`} className={link}>
                  Import
                </Link>
              ) : (
                "Import"
              )}{" "}
              page.
            </p>
          </li>
          <li className="grid content-start gap-1 rounded-lg border p-4 text-sm">
            <Send className="size-5 text-muted-foreground" aria-hidden />
            <p className="font-medium">Try it with demo data</p>
            <p className="text-muted-foreground">
              Load a month of realistic sample usage from the{" "}
              {isAdmin ? (
                <Link href={`/${slug}/import`} className={link}>
                  Import
                </Link>
              ) : (
                "Import"
              )}{" "}
              page, and remove it when you are done.
            </p>
          </li>
        </ul>
      </CardContent>
    </Card>
  );
}
