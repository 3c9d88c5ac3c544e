import { Info } from "lucide-react";
import type { Metadata } from "next";
import { OrganizationForm } from "@/components/tenancy/organization-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { currencyOptions, timeZoneOptions } from "@/lib/tenancy/select-options";
import { formatTimestamp } from "@/lib/utils";
import { PageHeader } from "../../_components/page-header";
import { RETENTION_CHOICES } from "@/lib/services/organizations/schemas";
import { updateOrganization, updateRetention } from "./actions";
import { RetentionForm } from "./retention-form";

export const metadata: Metadata = { title: "General settings" };

export default async function GeneralSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await requireOrg((await params).org);
  const canEdit = isAtLeast(org.role, "admin");
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="General" description="The organization's name, address and reporting defaults." />
      {canEdit ? null : (
        <Alert>
          <Info />
          <AlertDescription>Only admins and owners can change these settings.</AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Organization</CardTitle>
          <CardDescription>Created {formatTimestamp(org.createdAt, org.timezone)}.</CardDescription>
        </CardHeader>
        <CardContent>
          <OrganizationForm
            action={updateOrganization}
            orgSlug={org.slug}
            initial={{ name: org.name, slug: org.slug, baseCurrency: org.baseCurrency, timezone: org.timezone }}
            currencies={currencyOptions()}
            timezones={timeZoneOptions()}
            submitLabel="Save changes"
            pendingLabel="Saving…"
            readOnly={!canEdit}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Data retention</CardTitle>
          <CardDescription>How long individual usage events are kept.</CardDescription>
        </CardHeader>
        <CardContent>
          <RetentionForm
            action={updateRetention}
            orgSlug={org.slug}
            retentionMonths={org.retentionMonths}
            choices={RETENTION_CHOICES}
            readOnly={!canEdit}
          />
        </CardContent>
      </Card>
    </div>
  );
}
