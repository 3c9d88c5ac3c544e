"use client";

import { LayoutDashboard } from "lucide-react";
import { PageLoadError } from "@/components/layout/page-load-error";

/** The report failed to load (not a bad month — that is a 404 or a message). */
export default function MonthlyReportError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <PageLoadError error={error} retry={retry} testId="report-error" title={<>This report couldn&apos;t be made</>} back={{ path: "dashboard", label: "Dashboard", icon: LayoutDashboard }} />
  );
}
