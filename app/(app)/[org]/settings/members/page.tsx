import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listInvitations } from "@/lib/services/organizations/list-invitations";
import { listMembers } from "@/lib/services/organizations/list-members";
import { requireOrg } from "@/lib/tenancy/current-org";
import { ORG_ROLES, ROLE_LABELS, ROLE_SUMMARIES, assignableRoles, isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../../_components/page-header";
import { InvitationList } from "./invitation-list";
import { InviteForm } from "./invite-form";
import { LeaveForm } from "./leave-form";
import { MemberList } from "./member-list";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org, actor } = ctx;
  const isAdmin = isAtLeast(org.role, "admin");
  const [members, invitations] = await Promise.all([listMembers(ctx), listInvitations(ctx)]);
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader
        title="Members"
        description={isAdmin ? "Who can use this organization, and invitations to join it." : "Who can use this organization."}
      />

      {isAdmin ? (
        <Card>
          <CardHeader>
            <CardTitle>Invite someone</CardTitle>
            <CardDescription>They get an email with a link that works for 7 days.</CardDescription>
          </CardHeader>
          <CardContent>
            <InviteForm orgSlug={org.slug} roles={assignableRoles(org.role)} />
          </CardContent>
        </Card>
      ) : null}

      <Card className="gap-4 pb-0">
        <CardHeader>
          <CardTitle>
            {members.length} {members.length === 1 ? "member" : "members"}
          </CardTitle>
        </CardHeader>
        <MemberList orgSlug={org.slug} orgName={org.name} timeZone={org.timezone} members={members} myUserId={actor.userId} myRole={org.role} />
      </Card>

      {isAdmin ? (
        <Card className="gap-4 pb-0">
          <CardHeader>
            <CardTitle>Pending invitations</CardTitle>
            <CardDescription>Resending sends a new link; the old one stops working.</CardDescription>
          </CardHeader>
          <InvitationList orgSlug={org.slug} timeZone={org.timezone} invitations={invitations} myRole={org.role} />
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Roles</CardTitle>
          <CardDescription>What each role may do. Only owners can make, change or remove owners.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 sm:grid-cols-2">
            {[...ORG_ROLES].reverse().map((role) => (
              <div key={role} className="rounded-lg border p-3">
                <dt className="text-sm font-medium">
                  {ROLE_LABELS[role]}
                  {role === org.role ? <span className="font-normal text-muted-foreground"> — your role</span> : null}
                </dt>
                <dd className="mt-1 text-sm text-muted-foreground">{ROLE_SUMMARIES[role]}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Leave {org.name}</CardTitle>
          <CardDescription>
            {org.role === "owner"
              ? "If you are the only owner, make someone else an owner first."
              : "You can rejoin only if someone invites you again."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <LeaveForm orgSlug={org.slug} orgName={org.name} />
        </CardContent>
      </Card>
    </div>
  );
}
