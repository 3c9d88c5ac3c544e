"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { CircleAlert, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

type QueryStateProps<T> = {
  query: UseQueryResult<T>;
  /** What fills the space while the first answer loads. */
  skeleton: ReactNode;
  /** What failed to load, for the error line ("spend over time"). */
  what: string;
  children: (data: T) => ReactNode;
};

/**
 * One card's data states: a skeleton before the first answer, the error with a retry when there
 * is nothing to show, and otherwise the data — with a quiet error line and a retry when only a
 * background refresh failed (the numbers shown may be behind).
 */
export function QueryState<T>({ query, skeleton, what, children }: QueryStateProps<T>) {
  if (query.data === undefined) {
    if (query.isError) return <QueryError what={what} message={query.error.message} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
    return <div aria-busy="true" aria-label={`Loading ${what}`}>{skeleton}</div>;
  }
  return (
    <>
      {children(query.data)}
      {query.isError ? (
        <p className="flex flex-wrap items-center gap-2 text-xs text-destructive" role="alert">
          <CircleAlert className="size-3.5" aria-hidden /> Couldn&apos;t refresh {what}: {query.error.message}
          <Button type="button" variant="link" size="sm" className="h-auto text-xs" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </p>
      ) : null}
    </>
  );
}

function QueryError({ what, message, onRetry, retrying }: { what: string; message: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border border-destructive/30 bg-destructive/5 p-4 text-sm" data-testid="card-error">
      <p className="flex items-start gap-2 text-destructive">
        <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          Couldn&apos;t load {what}. {message}
        </span>
      </p>
      <Button type="button" variant="outline" size="sm" onClick={onRetry} disabled={retrying}>
        <RotateCw className={retrying ? "animate-spin" : undefined} /> Try again
      </Button>
    </div>
  );
}
