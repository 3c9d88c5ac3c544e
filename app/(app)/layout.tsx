import type { ReactNode } from "react";
import { QueryProvider } from "@/components/providers/query-provider";
import { requireUser } from "@/lib/auth/require-user";
import type { UserClaims } from "@/lib/db/client";
import { listMyOrganizations } from "@/lib/services/organizations/list-my-organizations";
import { userActor } from "@/lib/tenancy/context";
import { AppHeader } from "./_components/app-header";

/** Everything under (app) needs a session; the proxy redirects first, this is the backstop. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const claims = await requireUser();
  const orgs = await listMyOrganizations({ actor: userActor(claims as UserClaims) });
  return (
    <QueryProvider>
      <div className="flex min-h-dvh flex-col bg-subtle">
        <AppHeader email={claims.email} orgs={orgs.map(({ slug, name }) => ({ slug, name }))} />
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-10">{children}</main>
      </div>
    </QueryProvider>
  );
}
