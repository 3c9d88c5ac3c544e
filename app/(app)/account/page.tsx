import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NoticeAlert } from "@/components/auth/notice-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { noticeFor } from "@/lib/auth/notices";
import { requireUser } from "@/lib/auth/require-user";
import { sessionStart } from "@/lib/auth/session-start";
import { createClient } from "@/lib/supabase/server";
import { firstValue, formatUtc, type SearchParams } from "@/lib/utils";
import { SignOutButton } from "../_components/sign-out-button";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const claims = await requireUser();
  const notice = noticeFor(firstValue((await searchParams).notice));
  // The token says who this is; the user record (one call to Auth) adds the account's history.
  const supabase = await createClient();
  const { data } = await supabase.auth.getUser();
  const user = data.user;
  const session = sessionStart(claims);
  const email = user?.email ?? claims.email;

  return (
    <div className="grid gap-6">
      <NoticeAlert notice={notice} />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="mt-1 text-muted-foreground">You are signed in to Spendguard.</p>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>Who you are signed in as.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="divide-y rounded-lg border">
            <Row label="Email">
              <span data-testid="account-email" className="[overflow-wrap:anywhere]">
                {email ?? "—"}
              </span>
              {user?.email_confirmed_at ? <Badge>Verified</Badge> : null}
            </Row>
            <Row label="User ID">
              <code data-testid="account-user-id" className="font-mono text-[13px] break-all select-all">
                {claims.sub}
              </code>
            </Row>
            <Row label="Member since">{user?.created_at ? <Time value={user.created_at} /> : "—"}</Row>
            <Row label="Last sign-in">{user?.last_sign_in_at ? <Time value={user.last_sign_in_at} /> : "—"}</Row>
            <Row label="This session">
              {session ? (
                <span>
                  {session.method}
                  {session.at ? (
                    <>
                      , since <Time value={session.at} />
                    </>
                  ) : null}
                </span>
              ) : (
                "—"
              )}
            </Row>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Security</CardTitle>
          <CardDescription>Your password and this browser&apos;s session.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col items-start gap-3 sm:flex-row">
          <Button asChild variant="outline" size="sm">
            <Link href="/reset-password">
              <KeyRound /> Change password
            </Link>
          </Button>
          <SignOutButton />
        </CardContent>
      </Card>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 px-4 py-3 sm:grid-cols-[10rem_1fr] sm:gap-4">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm">{children}</dd>
    </div>
  );
}

function Time({ value }: { value: Date | string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap">
      {formatUtc(date)}
    </time>
  );
}
