"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { KIND_LABELS } from "@/components/alerts/describe-alert";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { cn } from "@/lib/utils";

const TABS = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
] as const;

/** Status tabs and kind / severity filters, all in the URL (so a filtered view can be linked and reloaded). */
export function AlertFilters({ status, kind, severity }: { status: string; kind: string; severity: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();

  function hrefWith(changes: Record<string, string>): string {
    const next = new URLSearchParams(params);
    // A new filter starts from the newest page, and closes any opened alert.
    next.delete("cursor");
    next.delete("alert");
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  }

  return (
    <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
      <nav aria-label="Alert status" className="-mx-1 overflow-x-auto px-1">
        <ul className="flex w-max gap-1 rounded-lg bg-muted p-1">
          {TABS.map((tab) => (
            <li key={tab.value}>
              <Link
                href={hrefWith({ status: tab.value === "open" ? "" : tab.value })}
                aria-current={status === tab.value ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  status === tab.value ? "bg-card font-medium shadow-xs" : "text-muted-foreground hover:text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="grid grid-cols-2 gap-3 sm:flex">
        <div className="grid gap-1.5">
          <Label htmlFor="filter-kind">Kind</Label>
          <Select id="filter-kind" value={kind} onChange={(e) => router.push(hrefWith({ kind: e.target.value }))} className="sm:w-44">
            <option value="">All kinds</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="filter-severity">Severity</Label>
          <Select id="filter-severity" value={severity} onChange={(e) => router.push(hrefWith({ severity: e.target.value }))} className="sm:w-40">
            <option value="">All severities</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </Select>
        </div>
      </div>
    </div>
  );
}
