"use client";

import { ArrowLeft, CircleAlert, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The budget page failed to load (not a missing budget — that is a 404): say so inside the app's frame, with a retry. */
export default function BudgetError({ error, retry }: { error: unknown; retry: () => void }) {
  const { org } = useParams<{ org: string }>();
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card role="alert" data-testid="budget-error">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <CircleAlert className="size-5 text-destructive" aria-hidden /> This budget couldn&apos;t be loaded
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
          <Link href={`/${org}/budgets`}>
            <ArrowLeft /> All budgets
          </Link>
        </Button>
      </div>
    </Card>
  );
}
