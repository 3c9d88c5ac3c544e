import { CircleAlert, Info } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listApprovals, type ApprovalRow } from "@/lib/services/checks/list-approvals";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { formatTimestamp } from "@/lib/utils";
import { PageHeader } from "../_components/page-header";
import { DecideForm } from "./decide-form";

export const metadata: Metadata = { title: "Approvals" };

const DESCRIPTION =
  "Calls that would exceed a budget with approval enforcement wait here. The caller polls GET /api/v1/approvals/{id}; " +
  "once approved, its reservation is held and it may spend.";

const STATUS_LABELS: Record<ApprovalRow["status"], string> = { pending: "Pending", approved: "Approved", denied: "Denied", expired: "Expired" };

/** The request's dimensions, as the caller sent them. */
function describeRequest(request: Record<string, unknown>): string {
  const parts = ["service", "model", "team", "project", "environment", "end_user", "feature"]
    .filter((key) => typeof request[key] === "string")
    .map((key) => `${key.replace("_", " ")}: ${String(request[key])}`);
  return parts.length ? parts.join(" · ") : "No dimensions given";
}

function ApprovalItem({ approval, currency, timeZone, children }: { approval: ApprovalRow; currency: string; timeZone: string; children?: React.ReactNode }) {
  const amount = approval.amount === null ? "An unpriced amount" : `${approval.amount} ${currency}`;
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="approval-row">
      <div className="grid min-w-0 gap-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span className="[overflow-wrap:anywhere]">{amount}</span>
          <Badge variant={approval.status === "pending" ? "default" : "secondary"}>{STATUS_LABELS[approval.status]}</Badge>
        </p>
        <p className="text-sm [overflow-wrap:anywhere]">
          {approval.budgets.length
            ? `Over ${approval.budgets.map((budget) => `“${budget.name}” (${budget.remaining_before} ${currency} left)`).join(", ")}`
            : "Over a budget with approval enforcement"}
        </p>
        <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
          {describeRequest(approval.request)} · asked {formatTimestamp(new Date(approval.created_at), timeZone)}
          {approval.requested_by ? ` by key “${approval.requested_by}”` : ""}
          {approval.status === "pending" ? ` · expires ${formatTimestamp(new Date(approval.expires_at), timeZone)}` : ""}
        </p>
        {approval.status === "approved" || approval.status === "denied" ? (
          <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
            {STATUS_LABELS[approval.status]} {approval.decided_at ? formatTimestamp(new Date(approval.decided_at), timeZone) : ""}
            {approval.decided_by ? ` by ${approval.decided_by}` : ""}
            {approval.reason ? ` — “${approval.reason}”` : ""}
          </p>
        ) : null}
      </div>
      {children}
    </li>
  );
}

export default async function ApprovalsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const isAdmin = isAtLeast(org.role, "admin");

  let lists: Awaited<ReturnType<typeof listApprovals>> | null = null;
  let problem: string | null = null;
  try {
    lists = await listApprovals(ctx);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Approvals" description={DESCRIPTION} />
      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}
      {!isAdmin ? (
        <Alert data-testid="approvals-admin-only">
          <Info />
          <AlertDescription>Only admins and owners can approve or deny requests. You can follow them here.</AlertDescription>
        </Alert>
      ) : null}

      <Card className="gap-4 pb-0">
        <CardHeader>
          <CardTitle>{lists?.pending.length ?? 0} waiting</CardTitle>
          <CardDescription>Oldest first. Admins are emailed when a request arrives; requests expire after 24 hours.</CardDescription>
        </CardHeader>
        {lists?.pending.length ? (
          <ul className="divide-y border-t" data-testid="pending-approvals">
            {lists.pending.map((approval) => (
              <ApprovalItem key={approval.id} approval={approval} currency={org.baseCurrency} timeZone={org.timezone}>
                {isAdmin ? <DecideForm orgSlug={org.slug} approvalId={approval.id} /> : null}
              </ApprovalItem>
            ))}
          </ul>
        ) : (
          <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-pending">
            Nothing waits for a decision.
          </p>
        )}
      </Card>

      <Card className="gap-4 pb-0">
        <CardHeader>
          <CardTitle>Recently decided</CardTitle>
          <CardDescription>The last 50 approved, denied or expired requests. Every decision is in the audit log.</CardDescription>
        </CardHeader>
        {lists?.decided.length ? (
          <ul className="divide-y border-t" data-testid="decided-approvals">
            {lists.decided.map((approval) => (
              <ApprovalItem key={approval.id} approval={approval} currency={org.baseCurrency} timeZone={org.timezone} />
            ))}
          </ul>
        ) : (
          <CardContent className="border-t py-6 text-sm text-muted-foreground">No decisions yet.</CardContent>
        )}
      </Card>
    </div>
  );
}
