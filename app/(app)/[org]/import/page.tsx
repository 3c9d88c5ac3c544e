import { Info } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../_components/page-header";
import { CsvImport } from "./csv-import";
import { FormatHelp } from "./format-help";

export const metadata: Metadata = { title: "Import usage" };

const DESCRIPTION = "Load past usage or a cloud bill from a CSV file. Importing the same file twice never counts it twice.";

export default async function ImportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await requireOrg((await params).org);
  if (!isAtLeast(org.role, "admin")) {
    return (
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <PageHeader title="Import usage" description={DESCRIPTION} />
        <Alert data-testid="import-admin-only">
          <Info />
          <AlertDescription>
            Only admins and owners can import usage, because imported costs count against every budget. Ask an admin of {org.name} to
            import the file, or for an API key to send usage from your code.
          </AlertDescription>
        </Alert>
      </div>
    );
  }
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Import usage" description={DESCRIPTION} />
      <CsvImport orgSlug={org.slug} timeZone={org.timezone} help={<FormatHelp />} />
    </div>
  );
}
