/**
 * Budgets end to end: an owner creates a budget in the form, usage arrives through the API, and
 * the budget page shows the spend, the status and the unpriced note; the list shows it too.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("an owner creates a budget, usage arrives through the API, and the page shows spent and status", async ({ page }) => {
  await signUp(page, uniqueEmail("budgets-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Budgets Co"));

  // A key for sending usage.
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Budget test");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  expect(secret).toMatch(/^sg_/);

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Budgets" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/budgets$`));
  await expect(page.getByTestId("no-budgets")).toBeVisible();
  await page.getByRole("link", { name: "New budget" }).click();

  // Bad input first: clear messages, nothing created.
  await page.getByLabel("Name", { exact: true }).fill("OpenAI this month");
  await page.getByLabel("Amount", { exact: true }).fill("-3");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page.getByText("Enter the amount as a plain number")).toBeVisible();

  await page.getByLabel("Amount", { exact: true }).fill("20");
  await page.getByLabel("Service", { exact: true }).fill("openai");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/budgets/[0-9a-f-]{36}`));
  await expect(page.getByRole("heading", { name: "OpenAI this month" })).toBeVisible();
  await expect(page.getByText("This scope matches no usage so far")).toBeVisible();
  await expect(page.getByTestId("budget-spent")).toHaveText("$0.00");
  await expect(page.getByTestId("budget-status").first()).toHaveText("On track");

  const send = await page.request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${secret}` },
    data: { events: [
      { id: randomUUID(), timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", cost: "12.5", currency: "USD" },
      { id: randomUUID(), timestamp: new Date(Date.now() - 30_000).toISOString(), service: "openai", model: "gpt-4o", cost: "4.25", currency: "USD" },
      { id: randomUUID(), timestamp: new Date(Date.now() - 20_000).toISOString(), service: "openai", model: "no-such-model" },
      { id: randomUUID(), timestamp: new Date(Date.now() - 10_000).toISOString(), service: "anthropic", model: "claude", cost: "100", currency: "USD" },
    ] },
  });
  expect(await send.json()).toMatchObject({ accepted: 4, rejected: [] });

  await page.reload();
  await expect(page.getByTestId("budget-spent")).toHaveText("$16.75");
  // 83.75% of 20: past the 80% warning line (or forecast to exceed).
  await expect(page.getByTestId("budget-status").first()).toHaveText(/Warning|Forecast to exceed/);
  await expect(page.getByTestId("unpriced-note")).toContainText("1 event in this period had no known price");

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Budgets" }).click();
  const row = page.getByTestId("budget-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("$16.75");
  await expect(row).toContainText("of $20.00");
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "84");
});

test("a viewer sees budgets and their status but cannot create or change them", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("budgets-admin"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Budget Viewers"));
  const [budget] = await sql`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    select o.id, 'Team monthly', 50, o.base_currency, '{"kind":"monthly","startDay":1}', o.timezone from public.organizations o where o.slug = ${slug}
    returning id`;

  const viewerEmail = uniqueEmail("budgets-viewer");
  const viewer = await browser.newPage();
  await signUp(viewer, viewerEmail);
  await sql`
    insert into public.memberships (org_id, user_id, role)
    select o.id, u.id, 'viewer' from public.organizations o, auth.users u where o.slug = ${slug} and u.email = ${viewerEmail}`;
  await viewer.goto(`/${slug}/budgets`);
  await expect(viewer.getByTestId("budget-row")).toContainText("Team monthly");
  await expect(viewer.getByRole("link", { name: "New budget" })).toHaveCount(0);
  await viewer.getByTestId("budget-row").click();
  await expect(viewer).toHaveURL(new RegExp(`/${slug}/budgets/${budget.id}$`));
  await expect(viewer.getByTestId("budget-spent")).toHaveText("$0.00");
  await expect(viewer.getByText("Only admins and owners can change this budget.")).toBeVisible();
  await expect(viewer.getByTestId("budget-form")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await viewer.goto(`/${slug}/budgets/new`);
  await expect(viewer.getByText("Only admins and owners can create budgets.")).toBeVisible();
  await viewer.close();
});
