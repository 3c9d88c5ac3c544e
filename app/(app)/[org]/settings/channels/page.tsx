import { CircleAlert, Info } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Channel } from "@/lib/services/alerts/channel-row";
import { getWeeklyDigest } from "@/lib/services/alerts/get-weekly-digest";
import { listChannels } from "@/lib/services/alerts/list-channels";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../../_components/page-header";
import { AddChannelForm } from "./add-channel-form";
import { ChannelList } from "./channel-list";
import { DigestToggle } from "./digest-toggle";

export const metadata: Metadata = { title: "Notification channels" };

const DESCRIPTION = "Where alerts go besides members' own email: team inboxes, phones for SMS, and webhook endpoints. Each is verified before it receives anything.";

export default async function ChannelsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const canManage = isAtLeast(org.role, "admin");
  const canSee = isAtLeast(org.role, "member");

  let channels: Channel[] = [];
  let digest = false;
  let problem: string | null = null;
  try {
    [channels, digest] = await Promise.all([canSee ? listChannels(ctx) : Promise.resolve([]), getWeeklyDigest(ctx)]);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Channels" description={DESCRIPTION} />
      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>My notifications</CardTitle>
          <CardDescription>Just for you, as {ctx.actor.email} in {org.name}. Alert rules choose the members they email.</CardDescription>
        </CardHeader>
        <CardContent>
          <DigestToggle orgSlug={org.slug} enabled={digest} />
        </CardContent>
      </Card>

      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle>Add a channel</CardTitle>
            <CardDescription>Then choose it as a recipient in a budget&apos;s alert rules.</CardDescription>
          </CardHeader>
          <CardContent>
            <AddChannelForm orgSlug={org.slug} />
          </CardContent>
        </Card>
      ) : null}

      {canSee ? (
        <Card className="gap-4 pb-0">
          <CardHeader>
            <CardTitle>
              {channels.length} {channels.length === 1 ? "channel" : "channels"}
            </CardTitle>
            <CardDescription>
              {canManage
                ? "A channel a provider refuses for good (an unknown number, a bounced address, an endpoint that is gone) is disabled and the admins are told."
                : "Only admins and owners can add, verify and delete channels."}
            </CardDescription>
          </CardHeader>
          <ChannelList orgSlug={org.slug} timeZone={org.timezone} channels={channels} canManage={canManage} />
        </Card>
      ) : (
        <Alert data-testid="channels-members-only">
          <Info />
          <AlertDescription>
            Viewers don&apos;t see the organization&apos;s channels: phone numbers and addresses are personal data. Ask an admin of {org.name} if alerts should reach you.
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}
