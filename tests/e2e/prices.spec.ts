import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Sends usage the way a customer's code does: through an API key made on the API keys page. */
async function sendUsage(page: Page, request: APIRequestContext, slug: string, events: unknown[]): Promise<void> {
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Ingest");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  const response = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${secret}` }, data: { events } });
  expect(await response.json()).toMatchObject({ accepted: events.length, rejected: [] });
}

test("an admin prices an unknown model and a foreign currency, and watches the unpriced usage get re-priced", async ({ page, request, browser }) => {
  await signUp(page, uniqueEmail("prices-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Prices Co"));
  const model = `acme-llm-${randomUUID().slice(0, 6)}`;
  await sendUsage(page, request, slug, [
    ...[5, 4, 3].map((days) => ({ id: randomUUID(), timestamp: daysAgo(days), service: "acme", model, quantities: { input_tokens: 1_000_000, output_tokens: 250_000 } })),
    { id: randomUUID(), timestamp: daysAgo(2), service: "aws", model: "ec2", cost: "10", currency: "GBP" },
  ]);

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Prices" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/prices$`));
  const unpriced = page.getByRole("region", { name: "Unpriced usage" });
  await expect(unpriced.getByTestId("unpriced-total")).toHaveText("4");
  await expect(unpriced.getByTestId("unpriced-reasons")).toContainText("Unknown model: 3");
  await expect(unpriced.getByTestId("unpriced-reasons")).toContainText("No exchange rate: 1");
  await expect(page.getByTestId("no-overrides")).toBeVisible();

  // The fix for the unknown model: a price, its form filled from the events (service, model, first day, units).
  await unpriced.getByRole("link", { name: `Add a price for acme / ${model}` }).click();
  const form = page.getByTestId("override-form");
  await expect(form.getByLabel("Service", { exact: true })).toHaveValue("acme");
  await expect(form.getByLabel("Model", { exact: true })).toHaveValue(model);
  await expect(form.getByTestId("lookup-notice")).toContainText("The catalog has no price for this model");
  await form.getByLabel("Input tokens", { exact: true }).fill("2");
  await form.getByLabel("Output tokens", { exact: true }).fill("oops");
  await form.getByRole("button", { name: "Save price" }).click();
  await expect(form.getByText("Enter a number like 2.50")).toBeVisible();
  await form.getByLabel("Output tokens", { exact: true }).fill("8");
  await form.getByRole("button", { name: "Save price" }).click();
  await expect(page.getByTestId("override-saved")).toContainText(`Saved the price of acme / ${model}`);
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/prices$`));

  // The page works through the repricing job itself, then shows it finished and the count down by 3.
  const repricing = page.getByRole("region", { name: "Repricing" });
  await expect(repricing.getByTestId("reprice-job-finished").first()).toContainText("3 of 3 events re-priced", { timeout: 30_000 });
  await expect(unpriced.getByTestId("unpriced-total")).toHaveText("1");
  await expect(page.getByTestId("override-row")).toContainText(`acme / ${model}`);
  await expect(page.getByTestId("override-row")).toContainText("2 USD / 1M tokens");
  await expect(page.getByTestId("override-row")).toContainText("In force");

  // The fix for the GBP cost: a rate dated on or before it.
  await unpriced.getByRole("link", { name: "Add a GBP rate" }).click();
  const rates = page.getByRole("region", { name: "Exchange rates" });
  await expect(rates.getByLabel("Currency", { exact: true })).toHaveValue("GBP");
  await rates.getByLabel("1 GBP = ? USD", { exact: true }).fill("1.25");
  await rates.getByRole("button", { name: "Add rate" }).click();
  await expect(page.getByTestId("rate-saved")).toContainText("1 GBP = 1.25 USD");
  await expect(unpriced.getByTestId("unpriced-none")).toBeVisible({ timeout: 30_000 });
  await expect(rates.getByTestId("rate-row")).toContainText("1 GBP = 1.25 USD");

  const [totals] = await sql`
    select trim_scale(sum(r.cost))::text as cost, sum(r.unpriced_count)::int as unpriced
    from public.spend_rollups r join public.organizations o on o.id = r.org_id where o.slug = ${slug}`;
  // 3 × (1M × $2 + 0.25M × $8) per 1M tokens, and £10 at 1.25.
  expect(totals).toEqual({ cost: "24.5", unpriced: 0 });

  // A viewer sees the same prices, read-only.
  const viewerEmail = uniqueEmail("prices-viewer");
  const viewer = await browser.newPage();
  await signUp(viewer, viewerEmail);
  await sql`
    insert into public.memberships (org_id, user_id, role)
    select o.id, u.id, 'viewer' from public.organizations o, auth.users u where o.slug = ${slug} and u.email = ${viewerEmail}`;
  await viewer.goto(`/${slug}/settings/prices`);
  await expect(viewer.getByTestId("prices-read-only")).toBeVisible();
  await expect(viewer.getByTestId("override-row")).toContainText(`acme / ${model}`);
  await expect(viewer.getByRole("button", { name: "Add a price" })).toHaveCount(0);
  await expect(viewer.getByTestId("rate-form")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Edit|Delete/ })).toHaveCount(0);
  await viewer.close();
});
