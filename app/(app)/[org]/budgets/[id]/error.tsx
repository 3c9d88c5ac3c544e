"use client";

import { ArrowLeft } from "lucide-react";
import { PageLoadError } from "@/components/layout/page-load-error";

/** The budget page failed to load (not a missing budget — that is a 404). */
export default function BudgetError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <PageLoadError error={error} retry={retry} testId="budget-error" title={<>This budget couldn&apos;t be loaded</>} back={{ path: "budgets", label: "All budgets", icon: ArrowLeft }} />
  );
}
