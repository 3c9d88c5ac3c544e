import { UserRound } from "lucide-react";
import Link from "next/link";
import { LogoMark } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { HOME_PATH } from "@/lib/auth/routes";
import { OrgSwitcher, type SwitcherOrg } from "./org-switcher";
import { SignOutButton } from "./sign-out-button";

/** The signed-in header: home, the organization switcher, who you are, and the way out. */
export function AppHeader({ email, orgs }: { email?: string; orgs: SwitcherOrg[] }) {
  return (
    <header className="border-b bg-card">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-2 px-4 sm:gap-4 sm:px-6">
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          <Link
            href={HOME_PATH}
            className="inline-flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <LogoMark />
            <span className="hidden text-lg sm:inline">Spendguard</span>
            <span className="sr-only sm:hidden">Spendguard home</span>
          </Link>
          <span aria-hidden className="text-xl font-light text-border">
            /
          </span>
          <OrgSwitcher orgs={orgs} />
        </div>
        <div className="flex shrink-0 items-center gap-1 sm:gap-2">
          <Button asChild variant="ghost" size="sm" title={email}>
            <Link href="/account">
              <UserRound />
              <span className="hidden max-w-48 truncate md:inline">{email ?? "Account"}</span>
              <span className="sr-only md:hidden">Your account</span>
            </Link>
          </Button>
          <SignOutButton variant="ghost" />
        </div>
      </div>
    </header>
  );
}
