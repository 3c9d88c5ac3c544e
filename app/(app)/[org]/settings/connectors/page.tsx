import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Connector } from "@/lib/services/connectors/connector-schemas";
import { listConnectors } from "@/lib/services/connectors/list-connectors";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../../_components/page-header";
import { AddConnector } from "./add-connector";
import { ConnectorList } from "./connector-list";

export const metadata: Metadata = { title: "Connectors" };

const DESCRIPTION =
  "Accounts with outside services. A Make team lets alert rules stop the scenarios tagged to a budget; OpenAI, Anthropic, Twilio and AWS tell Spendguard what they billed, day by day.";

export default async function ConnectorsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const canManage = isAtLeast(org.role, "admin");

  let connectors: Connector[] = [];
  let problem: string | null = null;
  try {
    connectors = await listConnectors(ctx);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Connectors" description={DESCRIPTION} />
      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}

      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle>Add a connector</CardTitle>
            <CardDescription>
              Make: tag a scenario by adding a line to its description, e.g. <code className="rounded bg-muted px-1">spendguard: project=newsletter</code>, and an
              alert on a budget for project “newsletter” can stop it (a bare <code className="rounded bg-muted px-1">spendguard:</code> line tags it for every budget).
              Cost providers: the last 30 days are synced at once, then every six hours.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <AddConnector orgSlug={org.slug} />
          </CardContent>
        </Card>
      ) : null}

      <Card className="gap-4 pb-0">
        <CardHeader>
          <CardTitle>
            {connectors.length} {connectors.length === 1 ? "connector" : "connectors"}
          </CardTitle>
          <CardDescription>
            {canManage ? "Credentials are stored encrypted and never shown again; replace them when you rotate them at the provider." : "Only admins and owners can add, change and remove connectors."}
          </CardDescription>
        </CardHeader>
        <ConnectorList orgSlug={org.slug} timeZone={org.timezone} connectors={connectors} canManage={canManage} />
      </Card>
    </div>
  );
}
