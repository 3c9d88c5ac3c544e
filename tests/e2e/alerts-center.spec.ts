/**
 * The alert center: a fired alert (recorded with private.record_alerts, as the evaluators do)
 * shows with its severity, what happened in words, its budget and how it was delivered; the nav
 * counts it; an admin opens its delivery log; a member acknowledges it with a note, after which
 * it moves to the Acknowledged tab; a link to ?alert=<id> (as in the emails) opens that alert.
 */
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

/** Fires one alert of the budget's `threshold` % actual rule for this month; returns its id. */
async function fire(orgId: string, budgetId: string, threshold: number, spent: string, notify = "sent"): Promise<string> {
  const [rule] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetId} and kind = 'actual' and threshold = ${threshold}`;
  const now = new Date();
  const fireChange = {
    rule_id: rule.id, subject: "", notify,
    period_start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
    period_end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    facts: { kind: "actual", currency: "USD", threshold, amount: "1000", spent, percent: Math.round(Number(spent) * 10) / 100 },
  };
  const [row] = await sql<{ id: string }[]>`select id from private.record_alerts(${orgId}, ${sql.json({ fire: [fireChange] })}) as id`;
  return row.id;
}

test("a fired alert shows in the alert center, its delivery log opens, and a member acknowledges it with a note", async ({ page, browser }) => {
  const ownerEmail = uniqueEmail("alerts-owner");
  await signUp(page, ownerEmail);
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Alert Center"));
  const [org] = await sql<{ id: string }[]>`select id from public.organizations where slug = ${slug}`;
  const [budget] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    values (${org.id}, 'OpenAI production', 1000, 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC') returning id`;
  const alertId = await fire(org.id, budget.id, 80, "812.40");
  const mutedId = await fire(org.id, budget.id, 50, "812.40", "muted");

  await page.goto(`/${slug}/dashboard`);
  const nav = page.getByRole("navigation", { name: "Organization" });
  await expect(nav.getByTestId("open-alerts-badge")).toHaveText("2 open");
  await nav.getByRole("link", { name: /Alerts/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/alerts$`));

  const row = page.locator(`#alert-${alertId}`);
  await expect(row.getByTestId("severity-badge")).toHaveText("Warning");
  await expect(row.getByTestId("alert-what")).toHaveText("Spent $812.40 of $1,000.00 (81.2%) — threshold 80%");
  await expect(row.getByRole("link", { name: "OpenAI production" })).toHaveAttribute("href", `/${slug}/budgets/${budget.id}`);
  await expect(row.getByTestId("alert-delivery")).toHaveText("Emailed 1");
  await expect(page.locator(`#alert-${mutedId}`).getByTestId("alert-delivery")).toHaveText("Muted — not sent");

  // The admin's delivery log: the email to the budget's owner.
  await row.getByRole("link", { name: "Details" }).click();
  await expect(page).toHaveURL(new RegExp(`alert=${alertId}`));
  await expect(row.getByTestId("delivery-row")).toHaveCount(1);
  await expect(row.getByTestId("delivery-row")).toContainText(ownerEmail);

  // Filters live in the URL.
  await page.getByLabel("Severity").selectOption("info");
  await expect(page).toHaveURL(/severity=info/);
  await expect(page.getByTestId("alert-row")).toHaveCount(1);
  await page.getByLabel("Severity").selectOption("");
  await expect(page.getByTestId("alert-row")).toHaveCount(2);

  // A member acknowledges; a viewer cannot.
  const memberEmail = uniqueEmail("alerts-member");
  const member = await browser.newPage();
  await signUp(member, memberEmail);
  await sql`insert into public.memberships (org_id, user_id, role) select ${org.id}, id, 'member' from auth.users where email = ${memberEmail}`;
  await member.goto(`/${slug}/alerts`);
  const memberRow = member.locator(`#alert-${alertId}`);
  await memberRow.getByRole("button", { name: "Acknowledge" }).click();
  const dialog = member.getByRole("dialog", { name: "Acknowledge this alert?" });
  await dialog.getByLabel("Note (optional)").fill("Expected: load test until Friday");
  await dialog.getByRole("button", { name: "Acknowledge" }).click();
  await expect(dialog).toBeHidden();
  await expect(memberRow).toHaveCount(0);
  await expect(member.getByRole("navigation", { name: "Organization" }).getByTestId("open-alerts-badge")).toHaveText("1 open");
  await member.getByRole("link", { name: "Acknowledged" }).click();
  await expect(member.locator(`#alert-${alertId}`).getByTestId("alert-ack")).toContainText(`by ${memberEmail} — “Expected: load test until Friday”`);
  const [stored] = await sql`select status, ack_note from public.alerts where id = ${alertId}`;
  expect(stored).toEqual({ status: "acknowledged", ack_note: "Expected: load test until Friday" });
  await member.close();

  // A link from an email opens the alert whatever the tab; members don't see the delivery log.
  const viewerEmail = uniqueEmail("alerts-viewer");
  const viewer = await browser.newPage();
  await signUp(viewer, viewerEmail);
  await sql`insert into public.memberships (org_id, user_id, role) select ${org.id}, id, 'viewer' from auth.users where email = ${viewerEmail}`;
  await viewer.goto(`/${slug}/alerts?alert=${alertId}`);
  const opened = viewer.getByTestId("opened-alert");
  await expect(opened.getByTestId("alert-status")).toHaveText("Acknowledged");
  await expect(opened.getByTestId("alert-details")).toContainText("Budget amount");
  await expect(opened.getByTestId("delivery-log")).toHaveCount(0);
  await viewer.goto(`/${slug}/alerts`);
  await expect(viewer.locator(`#alert-${mutedId}`)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await viewer.close();
});
