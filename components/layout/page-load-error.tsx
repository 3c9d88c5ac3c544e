"use client";

import { CircleAlert, RotateCcw, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

type Props = {
  error: unknown;
  retry: () => void;
  title: ReactNode;
  testId: string;
  /** Where to go instead, below the organization: "budgets", "dashboard". */
  back: { path: string; label: string; icon: LucideIcon };
};

/** A page of the organization failed to load (not a missing thing — that is a 404): said inside the app's frame, with a retry. */
export function PageLoadError({ error, retry, title, testId, back }: Props) {
  const { org } = useParams<{ org: string }>();
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card role="alert" data-testid={testId}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <CircleAlert className="size-5 text-destructive" aria-hidden /> {title}
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
          <Link href={`/${org}/${back.path}`}>
            <back.icon /> {back.label}
          </Link>
        </Button>
      </div>
    </Card>
  );
}
