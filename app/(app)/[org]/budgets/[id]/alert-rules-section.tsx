import { CircleAlert } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listAlertRules } from "@/lib/services/alerts/list-alert-rules";
import { BUDGET_RULE_KINDS } from "@/lib/services/alerts/rule-schemas";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { ServiceError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { AddRule } from "../../alerts/_components/add-rule";
import { automationOptions } from "../../alerts/_components/automation-options";
import { recipientOptions } from "../../alerts/_components/recipient-options";
import { RuleList } from "../../alerts/_components/rule-list";

/** The rules, whom they may tell and what they do, with the server's clock for "muted" (the same on server and client). */
async function load(ctx: OrgContext, budgetId: string) {
  const [rules, options, automation] = await Promise.all([
    listAlertRules(byUser(ctx), { budget_id: budgetId }), recipientOptions(ctx), automationOptions(ctx),
  ]);
  return { rules, options, automation, now: Date.now() };
}

/** The budget's alert rules: who hears about it and when, with quiet rules plainly marked; admins change them here. */
export async function AlertRulesSection({ ctx, budgetId, currency }: { ctx: OrgContext; budgetId: string; currency: string }) {
  const { org } = ctx;
  const canManage = isAtLeast(org.role, "admin");
  let loaded: Awaited<ReturnType<typeof load>> | null = null;
  let problem: string | null = null;
  try {
    loaded = await load(ctx, budgetId);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  return (
    <Card className="gap-4 pb-0" data-testid="alert-rules">
      <CardHeader>
        <CardTitle>Alert rules</CardTitle>
        <CardDescription>
          Who hears about this budget, and when. Muted rules still record alerts in the{" "}
          <Link className="underline underline-offset-2" href={`/${org.slug}/alerts`}>
            alert center
          </Link>{" "}
          but tell nobody; rules turned off fire nothing.
        </CardDescription>
      </CardHeader>
      {problem || !loaded ? (
        <CardContent className="pb-6">
          <Alert variant="destructive">
            <CircleAlert />
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        </CardContent>
      ) : (
        <>
          <RuleList
            orgSlug={org.slug}
            rules={loaded.rules}
            now={loaded.now}
            timeZone={org.timezone}
            currency={currency}
            canManage={canManage}
            kinds={[...BUDGET_RULE_KINDS]}
            empty="No rules: nobody is alerted about this budget."
            automation={loaded.automation}
            {...loaded.options}
          />
          {canManage ? (
            <CardContent className="border-t py-4">
              <AddRule orgSlug={org.slug} kinds={[...BUDGET_RULE_KINDS]} budgetId={budgetId} currency={currency} {...loaded.options} />
            </CardContent>
          ) : null}
        </>
      )}
    </Card>
  );
}
