"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/lib/utils";

export type SwitcherOrg = { slug: string; name: string };

/**
 * The organization menu in the header: the current one (from the URL), the others, and
 * "Create organization". A disclosure button + list of links: Tab, Enter and Escape work.
 */
export function OrgSwitcher({ orgs }: { orgs: SwitcherOrg[] }) {
  const params = useParams<{ org?: string }>();
  const current = orgs.find((org) => org.slug === params.org);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  return (
    <div ref={root} className="relative min-w-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        data-testid="org-switcher"
        onClick={() => setOpen((value) => !value)}
        className="flex h-9 max-w-[11rem] min-w-0 items-center gap-2 rounded-md border bg-card px-3 text-sm font-medium shadow-xs outline-none hover:bg-muted focus-visible:ring-[3px] focus-visible:ring-ring/50 sm:max-w-xs"
      >
        <span className="truncate">{current?.name ?? "Organizations"}</span>
        <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      </button>
      {open ? (
        <div id={menuId} className="absolute left-0 z-50 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-lg border bg-popover p-1 text-popover-foreground shadow-lg">
          {orgs.length ? (
            <ul aria-label="Your organizations" className="grid">
              {orgs.map((org) => (
                <li key={org.slug}>
                  <Link
                    href={`/${org.slug}/dashboard`}
                    aria-current={org.slug === current?.slug ? "page" : undefined}
                    onClick={() => setOpen(false)}
                    className={cn(
                      "flex items-center gap-2 rounded-md px-2 py-2 text-sm outline-none hover:bg-muted focus-visible:bg-muted",
                      org.slug === current?.slug && "font-medium",
                    )}
                  >
                    <Check className={cn("size-4 shrink-0", org.slug === current?.slug ? "text-primary" : "invisible")} aria-hidden />
                    <span className="truncate">{org.name}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="my-1 h-px bg-border" />
          <Link
            href="/onboarding"
            onClick={() => setOpen(false)}
            className="flex items-center gap-2 rounded-md px-2 py-2 text-sm outline-none hover:bg-muted focus-visible:bg-muted"
          >
            <Plus className="size-4 shrink-0 text-muted-foreground" aria-hidden /> Create organization
          </Link>
        </div>
      ) : null}
    </div>
  );
}
