"use client";

import { CircleAlert, LayoutDashboard, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The report failed to load (not a bad month — that is a 404 or a message): say so inside the app's frame, with a retry. */
export default function MonthlyReportError({ error, retry }: { error: unknown; retry: () => void }) {
  const { org } = useParams<{ org: string }>();
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card role="alert" data-testid="report-error">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <CircleAlert className="size-5 text-destructive" aria-hidden /> This report couldn&apos;t be made
        </CardTitle>
        <CardDescription>
          It is usually temporary: try again. {digest ? <span className="font-mono text-xs">Reference: {digest}</span> : null}
        </CardDescription>
      </CardHeader>
      <div className="flex flex-col gap-2 px-6 sm:flex-row">
        <Button onClick={() => retry()}>
          <RotateCcw /> Try again
        </Button>
        <Button asChild variant="outline">
          <Link href={`/${org}/dashboard`}>
            <LayoutDashboard /> Dashboard
          </Link>
        </Button>
      </div>
    </Card>
  );
}
