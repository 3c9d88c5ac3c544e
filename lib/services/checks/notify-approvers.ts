/**
 * Emails the organization's admins and owners that a spend request waits for their decision.
 * Runs after the request is committed: a failed send leaves the request in place (it is listed on
 * the approvals page either way), so failures are logged, never thrown at the API caller.
 */
import "server-only";
import { siteUrl } from "@/lib/auth/site-url";
import { escapeHtml, singleLine } from "@/lib/core/notifications/escape-html";
import { withService } from "@/lib/db";
import { sendEmail } from "@/lib/services/notifications/send-email";
import type { Organization } from "@/lib/tenancy/context";

export type ApprovalNotice = { approvalId: string; amount: string | null; budgets: string[] };

export async function notifyApprovers(org: Pick<Organization, "id" | "name" | "slug" | "baseCurrency">, requestedBy: string, notice: ApprovalNotice): Promise<void> {
  try {
    const rows = await withService((tx) => tx<{ email: string }[]>`select email from private.approver_emails(${org.id}) as email`);
    const link = siteUrl(`/${org.slug}/approvals`);
    const amount = notice.amount === null ? "an amount that could not be priced" : `${notice.amount} ${org.baseCurrency}`;
    const budgets = notice.budgets.map((name) => singleLine(name)).join(", ");
    const subject = singleLine(`Approval needed: ${amount} in ${org.name}`);
    const text = `API key "${singleLine(requestedBy)}" asks to spend ${amount}, more than ${budgets} has left.\n\nApprove or deny it: ${link}\n`;
    const html = `<p>API key <strong>${escapeHtml(singleLine(requestedBy))}</strong> asks to spend ${escapeHtml(amount)}, more than ` +
      `${escapeHtml(budgets)} has left.</p><p><a href="${escapeHtml(link)}">Approve or deny it</a></p>`;
    for (const { email } of rows) {
      await sendEmail({ to: email, subject, text, html, idempotencyKey: `approval-${notice.approvalId}-${email}`.slice(0, 256), tags: { kind: "approval" }, source: "approvals", link });
    }
  } catch (error) {
    console.error("[approvals] the approval request email could not be sent", {
      approvalId: notice.approvalId,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}
