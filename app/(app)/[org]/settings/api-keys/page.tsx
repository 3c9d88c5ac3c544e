import { CircleAlert, Info } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ApiKeySummary } from "@/lib/services/api-keys/api-key-row";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../../_components/page-header";
import { CreateKeyForm } from "./create-key-form";
import { KeyList } from "./key-list";

export const metadata: Metadata = { title: "API keys" };

const DESCRIPTION = "Keys let your code send usage and ask before spending. Each key works for this organization only.";

export default async function ApiKeysPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  if (!isAtLeast(org.role, "admin")) {
    return (
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <PageHeader title="API keys" description={DESCRIPTION} />
        <Alert data-testid="keys-admin-only">
          <Info />
          <AlertDescription>
            Only admins and owners can see, create and revoke API keys, because a key gives access to this organization’s
            data from outside. Ask an admin of {org.name} for a key with the scopes you need.
          </AlertDescription>
        </Alert>
      </div>
    );
  }

  let apiKeys: ApiKeySummary[] | null = null;
  let problem: string | null = null;
  try {
    apiKeys = await listApiKeys(ctx);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  const active = apiKeys?.filter((key) => key.revokedAt === null).length ?? 0;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="API keys" description={DESCRIPTION} />

      <Card>
        <CardHeader>
          <CardTitle>Create a key</CardTitle>
          <CardDescription>
            Send it as <code className="font-mono text-xs">Authorization: Bearer sg_…</code>. Give each key only the scopes it
            needs. See the <a className="underline underline-offset-2" href="/api/v1/openapi.json">API description</a>.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreateKeyForm orgSlug={org.slug} />
        </CardContent>
      </Card>

      <Card className="gap-4 pb-0">
        <CardHeader>
          <CardTitle>
            {active} active {active === 1 ? "key" : "keys"}
          </CardTitle>
          <CardDescription>Revoked keys stay listed as history. Last use is updated at most once a minute.</CardDescription>
        </CardHeader>
        {problem ? (
          <div className="px-6 pb-6">
            <Alert variant="destructive">
              <CircleAlert />
              <AlertDescription>{problem}</AlertDescription>
            </Alert>
          </div>
        ) : (
          <KeyList orgSlug={org.slug} timeZone={org.timezone} apiKeys={apiKeys ?? []} />
        )}
      </Card>
    </div>
  );
}
