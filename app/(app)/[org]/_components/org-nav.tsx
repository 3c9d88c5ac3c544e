"use client";

import { Bell, BellRing, ChartColumn, CircleDollarSign, FileText, FileUp, KeyRound, LayoutDashboard, Lightbulb, Plug, Scale, ScrollText, Settings, ShieldCheck, Target, Users } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { fetchJson } from "@/lib/fetch-json";
import { orgKeys } from "@/lib/realtime/dashboard-cache";
import { cn } from "@/lib/utils";

const ITEMS = [
  { href: "dashboard", label: "Dashboard", icon: LayoutDashboard, group: null },
  { href: "explore", label: "Explore", icon: ChartColumn, group: null },
  { href: "budgets", label: "Budgets", icon: Target, group: null },
  { href: "approvals", label: "Approvals", icon: ShieldCheck, group: null },
  { href: "alerts", label: "Alerts", icon: Bell, group: null },
  { href: "reconciliation", label: "Reconciliation", icon: Scale, group: null },
  { href: "recommendations", label: "Recommendations", icon: Lightbulb, group: null },
  { href: "reports", label: "Reports", icon: FileText, group: null },
  { href: "import", label: "Import", icon: FileUp, group: null, adminOnly: true },
  { href: "settings/general", label: "General", icon: Settings, group: "Settings" },
  { href: "settings/members", label: "Members", icon: Users, group: "Settings" },
  // Shown to everyone: members who need a key learn there whom to ask.
  { href: "settings/api-keys", label: "API keys", icon: KeyRound, group: "Settings" },
  { href: "settings/channels", label: "Channels", icon: BellRing, group: "Settings" },
  { href: "settings/prices", label: "Prices", icon: CircleDollarSign, group: "Settings" },
  { href: "settings/connectors", label: "Connectors", icon: Plug, group: "Settings" },
  { href: "settings/audit", label: "Audit log", icon: ScrollText, group: "Settings", adminOnly: true },
] as const;

/**
 * The tenant's navigation: a sidebar on wide screens, a scrolling row of tabs on phones. Alerts
 * shows how many are open: the server's count first, refetched whenever the organization's
 * Realtime channel says alerts changed (or it reconnects) — not on a timer.
 */
export function OrgNav({ slug, isAdmin, openAlerts: initialOpenAlerts }: { slug: string; isAdmin: boolean; openAlerts: number }) {
  const pathname = usePathname();
  const { data: openAlerts } = useQuery({
    queryKey: orgKeys.openAlerts(slug),
    queryFn: async () => (await fetchJson<{ open: number }>(`/${slug}/alerts/open-count`)).open,
    initialData: initialOpenAlerts,
    staleTime: Infinity,
  });
  const items = ITEMS.filter((item) => isAdmin || !("adminOnly" in item));
  return (
    <nav aria-label="Organization" className="-mx-4 overflow-x-auto px-4 md:mx-0 md:overflow-visible md:px-0">
      <ul className="flex gap-1 md:flex-col">
        {items.map((item, index) => {
          const href = `/${slug}/${item.href}`;
          const isActive = pathname === href || pathname.startsWith(`${href}/`);
          const startsGroup = item.group && items[index - 1]?.group !== item.group;
          return (
            <li key={item.href} className="shrink-0">
              {startsGroup ? (
                <p className="mt-4 mb-1 hidden px-3 text-xs font-medium text-muted-foreground uppercase md:block">{item.group}</p>
              ) : null}
              <Link
                href={href}
                aria-current={isActive ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-3 py-2 text-sm whitespace-nowrap outline-none hover:bg-muted focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  isActive ? "bg-card font-medium text-foreground shadow-xs ring-1 ring-border" : "text-muted-foreground",
                )}
              >
                <item.icon className="size-4 shrink-0" aria-hidden />
                {item.label}
                {item.href === "alerts" && openAlerts > 0 ? (
                  <span className="relative ml-auto rounded-full bg-destructive px-1.5 text-xs leading-5 font-medium text-destructive-foreground tabular-nums" data-testid="open-alerts-badge">
                    {openAlerts > 99 ? "99+" : openAlerts}
                    <span className="sr-only"> open</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
