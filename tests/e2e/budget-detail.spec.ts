/**
 * The budget page end to end: a parent budget with two children is created and usage sent through
 * the API; the parent's page shows the burn-down chart with its legend, the split among its
 * children with the unallocated rest, and the alert its default 50% rule fired, which opens in the
 * alert center; a child links up to its parent. A phone-sized window keeps it all within the screen.
 * A budget nobody has spent against yet draws its ideal line and says how to send usage.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, uniqueOrgName } from "./org-support.ts";

test("a parent budget shows its burn-down, its children's split and the alert its usage fired", async ({ page }) => {
  await signUp(page, uniqueEmail("budget-detail"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Budget Detail Co"));
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Budgets and usage");
  for (const scope of ["ingest", "read", "write"]) await page.getByLabel(scope).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const headers = { authorization: `Bearer ${(await page.getByTestId("secret-value").textContent()) ?? ""}` };

  const create = async (budget: Record<string, unknown>) => {
    const response = await page.request.post("/api/v1/budgets", { headers, data: { period: { kind: "monthly" }, ...budget } });
    expect(response.status()).toBe(201);
    return ((await response.json()) as { budget: { id: string } }).budget.id;
  };
  const parentId = await create({ name: "All AI", amount: "20" });
  const openaiId = await create({ name: "OpenAI", amount: "8", scope: { service: "openai" }, parent_id: parentId });
  await create({ name: "Anthropic", amount: "6", scope: { service: "anthropic" }, parent_id: parentId });

  // $12 of $20 (60%) crosses the parent's default 50% rule in the ingest transaction.
  const event = (service: string, cost: string) => ({ id: randomUUID(), timestamp: new Date(Date.now() - 30_000).toISOString(), service, model: "m-1", cost, currency: "USD" });
  const sent = await page.request.post("/api/v1/events", { headers, data: { events: [event("openai", "7"), event("anthropic", "5")] } });
  expect(await sent.json()).toMatchObject({ accepted: 2, rejected: [] });

  await page.goto(`/${slug}/budgets/${parentId}`);
  await expect(page.getByTestId("budget-spent")).toHaveText("$12.00");

  const chart = page.getByTestId("burn-down-chart");
  await expect(chart.locator(".recharts-line-curve").first()).toBeVisible();
  await expect(chart.getByTestId("burn-down-legend").getByRole("listitem")).toHaveText(["Spent so far", "Ideal pace", "Forecast (median)", "80% range", "95% range", "Budget"]);

  const allocation = page.getByTestId("allocation");
  await expect(allocation.getByTestId("allocation-child")).toHaveCount(2);
  await expect(allocation.getByTestId("allocation-child").nth(0)).toContainText("OpenAI");
  await expect(allocation.getByTestId("allocation-child").nth(0).getByTestId("allocation-share")).toHaveText("40%");
  await expect(allocation.getByTestId("allocation-child").nth(0)).toContainText("$7.00 of $8.00 spent");
  await expect(allocation.getByTestId("allocation-child").nth(1).getByTestId("allocation-share")).toHaveText("30%");
  await expect(allocation.getByTestId("allocation-unallocated")).toHaveText("$6.00 (30%) is unallocated");

  const fired = page.getByTestId("fired-alerts").getByTestId("fired-alert");
  await expect(fired).toHaveCount(1);
  await expect(fired).toContainText("Info");
  await expect(fired).toContainText("Open");
  await expect(fired).toContainText("Spent $12.00 of $20.00 (60%) — threshold 50%");

  // Nothing wider than a phone's screen.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(chart).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });

  await fired.getByRole("link", { name: /in the alert center/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/alerts\\?alert=[0-9a-f-]{36}$`));
  await expect(page.getByTestId("alert-details")).toBeVisible();

  await page.goto(`/${slug}/budgets/${parentId}`);
  await page.getByTestId("allocation").getByRole("link", { name: "OpenAI" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/budgets/${openaiId}$`));
  await expect(page.getByTestId("allocation")).toHaveCount(0);
  await page.getByTestId("parent-link").click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/budgets/${parentId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "All AI" })).toBeVisible();
});

test("a budget without usage draws its ideal line, says how to send usage, and lists no alerts", async ({ page }) => {
  await signUp(page, uniqueEmail("budget-empty"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Budget Empty Co"));
  await page.goto(`/${slug}/budgets/new`);
  await page.getByLabel("Name", { exact: true }).fill("First budget");
  await page.getByLabel("Amount", { exact: true }).fill("100");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "First budget" })).toBeVisible();

  await expect(page.getByTestId("burn-down-chart").getByTestId("burn-down-legend")).toContainText("Ideal pace");
  await expect(page.getByTestId("burn-down-empty")).toContainText("No spend in this period yet");
  await page.getByTestId("burn-down-empty").getByRole("link", { name: "API key" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/api-keys$`));
  await page.goBack();
  await expect(page.getByTestId("no-fired-alerts")).toHaveText("No alerts have fired for this budget. The rules below decide when one does.");
  await expect(page.getByTestId("allocation")).toHaveCount(0);
  await expect(page.getByTestId("parent-link")).toHaveCount(0);
});
