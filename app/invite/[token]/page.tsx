import { CircleAlert, MailCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/(app)/_components/sign-out-button";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getCurrentClaims } from "@/lib/auth/current-claims";
import { orgPath, withNext } from "@/lib/auth/routes";
import type { UserClaims } from "@/lib/db/client";
import { getInvitationPreview, type InvitationPreview } from "@/lib/services/organizations/get-invitation-preview";
import { getOrganizationBySlug } from "@/lib/services/organizations/get-organization-by-slug";
import { userActor } from "@/lib/tenancy/context";
import { ROLE_LABELS, ROLE_SUMMARIES } from "@/lib/tenancy/roles";
import { formatUtc } from "@/lib/utils";
import { AcceptForm } from "./accept-form";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const CLOSED: Record<Exclude<InvitationPreview["status"], "pending">, { title: string; text: string }> = {
  accepted: { title: "This invitation was already used", text: "It has been accepted. If that was you, sign in to open the organization." },
  revoked: { title: "This invitation was revoked", text: "Whoever sent it withdrew it. Ask them for a new one if you still need access." },
  expired: { title: "This invitation has expired", text: "Invitation links work for 7 days. Ask whoever invited you to resend it." },
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, claims] = await Promise.all([getInvitationPreview(token), getCurrentClaims()]);
  const here = `/invite/${token}`;

  if (!invitation) {
    return (
      <Problem title="This invitation link isn't valid">
        The link may be incomplete or mistyped, or replaced by a newer one. Ask whoever invited you to send it again.
      </Problem>
    );
  }
  if (invitation.status !== "pending") {
    const closed = CLOSED[invitation.status];
    return <Problem title={closed.title}>{closed.text}</Problem>;
  }

  const summary = (
    <dl className="grid gap-3 rounded-lg border p-4 text-sm">
      <Fact label="Organization">{invitation.orgName}</Fact>
      <Fact label="Role">
        <span className="font-medium">{ROLE_LABELS[invitation.role]}</span>
        <span className="block text-muted-foreground">{ROLE_SUMMARIES[invitation.role]}</span>
      </Fact>
      <Fact label="Invited by">{invitation.invitedByEmail ?? "A former member"}</Fact>
      <Fact label="For">
        <span data-testid="invite-email">{invitation.email}</span>
      </Fact>
      <Fact label="Expires">{formatUtc(invitation.expiresAt)}</Fact>
    </dl>
  );
  const title = `Join ${invitation.orgName} on Spendguard`;

  if (!claims) {
    return (
      <AuthCard title={title} description="You have been invited to an organization. Sign in or create an account to accept.">
        <div className="grid gap-4">
          {summary}
          <Button asChild className="w-full">
            <Link href={withNext("/signup", here)}>Sign up to accept</Link>
          </Button>
          <Button asChild variant="outline" className="w-full">
            <Link href={withNext("/login", here)}>I have an account: sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  const myEmail = typeof claims.email === "string" ? claims.email.toLowerCase() : "";
  if (myEmail !== invitation.email) {
    return (
      <AuthCard title={title} description="This invitation is for another email address.">
        <div className="grid gap-4">
          {summary}
          <Alert variant="destructive">
            <CircleAlert />
            <AlertDescription>
              You are signed in as <strong className="[overflow-wrap:anywhere]">{myEmail}</strong>, but the invitation was sent to{" "}
              <strong className="[overflow-wrap:anywhere]">{invitation.email}</strong>. Sign out, then sign in or sign up with that address.
            </AlertDescription>
          </Alert>
          <SignOutButton />
        </div>
      </AuthCard>
    );
  }

  const membership = await getOrganizationBySlug({ actor: userActor(claims as UserClaims) }, invitation.orgSlug);
  if (membership) {
    return (
      <AuthCard title={`You're already in ${invitation.orgName}`} description="This invitation isn't needed any more.">
        <Button asChild className="w-full">
          <Link href={orgPath(membership.slug)}>Open {invitation.orgName}</Link>
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={title} description={<>Signed in as {myEmail}.</>}>
      <div className="grid gap-4">
        {summary}
        <AcceptForm token={token} orgName={invitation.orgName} />
      </div>
    </AuthCard>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5 sm:grid-cols-[7rem_1fr] sm:gap-3">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

function Problem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <AuthCard
      title={title}
      footer={
        <Link href="/" className="font-medium text-foreground underline underline-offset-4">
          Go to the home page
        </Link>
      }
    >
      <div className="flex gap-3 text-sm text-muted-foreground" data-testid="invite-problem">
        <MailCheck className="mt-0.5 size-5 shrink-0" aria-hidden />
        <p>{children}</p>
      </div>
    </AuthCard>
  );
}
