import { Logo } from "@/components/brand/logo";
import { HOME_PATH } from "@/lib/auth/routes";
import { SignOutButton } from "./sign-out-button";

/** The signed-in header: who you are, and the way out. */
export function AppHeader({ email }: { email?: string }) {
  return (
    <header className="border-b bg-card">
      <div className="mx-auto flex h-16 max-w-5xl items-center justify-between gap-4 px-4 sm:px-6">
        <Logo href={HOME_PATH} />
        <div className="flex min-w-0 items-center gap-3">
          {email ? (
            <span className="hidden truncate text-sm text-muted-foreground sm:block" title={email}>
              {email}
            </span>
          ) : null}
          <SignOutButton variant="ghost" />
        </div>
      </div>
    </header>
  );
}
