import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { OrganizationForm } from "@/components/tenancy/organization-form";
import { currencyOptions, timeZoneOptions } from "@/lib/tenancy/select-options";
import { createOrganization } from "./actions";

export const metadata: Metadata = { title: "Create your organization" };

export default function OnboardingPage() {
  return (
    <div className="mx-auto grid w-full max-w-xl gap-6">
      <div>
        <p className="text-sm font-medium text-primary">Welcome to Spendguard</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Create your organization</h1>
        <p className="mt-1 text-muted-foreground">
          An organization holds your team&apos;s budgets, API keys and spend. You can invite people once it exists.
        </p>
      </div>
      <Card>
        <CardHeader>
          <h2 className="text-lg font-semibold tracking-tight">Organization details</h2>
          <CardDescription>All of these can be changed later in Settings.</CardDescription>
        </CardHeader>
        <CardContent>
          <OrganizationForm
            action={createOrganization}
            initial={{ name: "", slug: "", baseCurrency: "USD", timezone: "UTC" }}
            currencies={currencyOptions()}
            timezones={timeZoneOptions()}
            submitLabel="Create organization"
            pendingLabel="Creating…"
            isNew
          />
        </CardContent>
      </Card>
    </div>
  );
}
