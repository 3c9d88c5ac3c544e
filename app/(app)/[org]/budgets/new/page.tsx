import { Info } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { listBudgets } from "@/lib/services/budgets/list-budgets";
import { supportedTimeZones } from "@/lib/tenancy/intl-options";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../../_components/page-header";
import { BudgetForm } from "../_components/budget-form";

export const metadata: Metadata = { title: "New budget" };

export default async function NewBudgetPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  if (!isAtLeast(org.role, "admin")) {
    return (
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <PageHeader title="New budget" />
        <Alert>
          <Info />
          <AlertDescription>Only admins and owners can create budgets. Ask an admin of {org.name}.</AlertDescription>
        </Alert>
      </div>
    );
  }
  const budgets = await listBudgets(byUser(ctx));
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="New budget" description={`An amount in ${org.baseCurrency} per period, for all usage or a slice of it.`} />
      <Card>
        <CardContent>
          <BudgetForm orgSlug={org.slug} defaultTimezone={org.timezone} timezones={supportedTimeZones()} parents={budgets.map(({ id, name }) => ({ id, name }))} />
        </CardContent>
      </Card>
    </div>
  );
}
