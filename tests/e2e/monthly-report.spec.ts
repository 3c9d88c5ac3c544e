/**
 * The monthly report end to end: an organization in Los Angeles sends usage for February and
 * March 2026 through the API and has a monthly budget; /reports opens the last complete month;
 * March's report shows its exact totals against February, spend by service, the top changes and
 * the budget against its month, links to February, and on paper (print media) leaves out the
 * app's header and navigation and its own buttons, on white even when the screen is dark. A phone-sized window keeps it on the screen;
 * a month that has not begun says so, and one that is not a month is not found.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { lastCompleteMonth } from "../../lib/core/reports/report-month.ts";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();
const ZONE = "America/Los_Angeles";

test("a month's report: totals against the month before, services, changes, budgets, and a printable page", async ({ page }) => {
  await signUp(page, uniqueEmail("report"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Report Co"));
  // Los Angeles time, and raw events kept long enough for fixed months in 2026.
  await sql`update public.organizations set timezone = ${ZONE}, retention_months = 120 where slug = ${slug}`;
  const headers = { authorization: `Bearer ${await createKeyThroughSettings(page, slug, ["ingest", "write"])}` };

  const created = await page.request.post("/api/v1/budgets", { headers, data: { name: "All spend", amount: "20", period: { kind: "monthly" } } });
  expect(created.status()).toBe(201);
  await sql`update public.budgets b set created_at = '2026-01-10T00:00:00Z' from public.organizations o where o.id = b.org_id and o.slug = ${slug}`;

  const event = (timestamp: string, service: string, model: string, cost: string, team: string) => ({ id: randomUUID(), timestamp, service, model, cost, currency: "USD", team });
  const sent = await page.request.post("/api/v1/events", {
    headers,
    data: {
      events: [
        event("2026-02-10T18:00:00Z", "openai", "gpt-4o", "10.25", "search"),
        event("2026-03-01T07:30:00Z", "anthropic", "claude-sonnet-4-5", "5.5", "ads"), // 28 Feb, 23:30 in Los Angeles
        event("2026-03-01T08:30:00Z", "openai", "gpt-4o", "20.5", "search"), // 1 Mar, 00:30
        event("2026-03-20T18:00:00Z", "anthropic", "claude-sonnet-4-5", "1", "ads"),
        event("2026-03-31T23:00:00Z", "openai", "gpt-4o-mini", "3.125", "search"),
      ],
    },
  });
  expect(await sent.json()).toMatchObject({ accepted: 5, rejected: [] });

  await page.goto(`/${slug}/reports`);
  await expect(page).toHaveURL(new RegExp(`/${slug}/reports/${lastCompleteMonth(Date.now(), ZONE)}$`));

  await page.goto(`/${slug}/reports/2026-03`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("March 2026");
  await expect(page.getByTestId("report-range")).toContainText("1 Mar 2026 – 31 Mar 2026, America/Los Angeles time · amounts in USD");
  await expect(page.getByTestId("report-total")).toHaveText("$24.63");
  await expect(page.getByTestId("report-previous-total")).toHaveText("$15.75");
  await expect(page.getByTestId("report-change")).toHaveText("+$8.88 (+56.3%)");

  const services = page.getByTestId("report-service");
  await expect(services).toHaveCount(2);
  await expect(services.nth(0)).toContainText("openai");
  await expect(services.nth(0)).toContainText("$23.63");
  await expect(services.nth(0)).toContainText("95.9%");
  await expect(services.nth(0)).toContainText("+$13.38");
  await expect(services.nth(1)).toContainText("anthropic");
  await expect(services.nth(1)).toContainText("−$4.50");

  const models = page.getByTestId("report-changes-models").getByTestId("report-change-row");
  await expect(models).toHaveText([/openai · gpt-4o\s*\$10\.25\s*\$20\.50\s*\+\$10\.25 \(\+100%\)/, /openai · gpt-4o-mini.*\(new\)/, /anthropic · claude-sonnet-4-5.*−\$4\.50 \(−81\.8%\)/]);
  await expect(page.getByTestId("report-changes-teams").getByTestId("report-change-row")).toHaveText([/search.*\+\$13\.38/, /ads.*−\$4\.50/]);

  const budget = page.getByTestId("report-budget");
  await expect(budget).toHaveCount(1);
  await expect(budget).toContainText("All spend");
  await expect(budget.getByTestId("report-budget-spent")).toHaveText("$24.63");
  await expect(budget.getByTestId("report-budget-percent")).toHaveText("123.1%");
  await expect(budget.getByTestId("budget-status")).toHaveText("Exceeded");
  await expect(page.getByTestId("report-forecasts")).toContainText("Forecasts (estimates)");
  await expect(page.getByTestId("report-alerts")).toBeVisible();

  // Nothing wider than a phone's screen.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByTestId("report-total")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });

  // On paper: no header, no navigation, no buttons — the report alone.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Organization" })).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print / save as PDF" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Report months" })).toBeHidden();
  await expect(page.getByTestId("report-total")).toBeVisible();
  // The page behind the report (the app's backdrop) is white, however the build writes the colour.
  const backdrop = page.locator("main").locator("..");
  const white = /^(rgb\(255, 255, 255\)|oklch\(1 0 0\)|lab\(100 0 0\))$/;
  await expect(backdrop).toHaveCSS("background-color", white);
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  await expect(backdrop).toHaveCSS("background-color", white);
  await page.emulateMedia({ media: "screen", colorScheme: "light" });
  await expect(page.getByRole("navigation", { name: "Organization" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print / save as PDF" })).toBeVisible();

  await page.getByRole("navigation", { name: "Report months" }).getByRole("link", { name: "Feb 2026" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/reports/2026-02$`));
  await expect(page.getByTestId("report-total")).toHaveText("$15.75");
  await expect(page.getByTestId("report-change")).toHaveText("+$15.75 (new)");
});

test("a month with no spend, one that has not begun, and one that is not a month", async ({ page }) => {
  await signUp(page, uniqueEmail("report-empty"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Report Empty Co"));
  await page.goto(`/${slug}/reports/2026-01`);
  await expect(page.getByTestId("report-empty")).toContainText("No spend in January 2026");
  await expect(page.getByTestId("report-no-budgets")).toBeVisible();

  await page.goto(`/${slug}/reports/2999-01`);
  await expect(page.getByTestId("report-refused")).toHaveText(/^January 2999 has not started yet in /);
  await page.getByRole("link", { name: "The latest complete month" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/reports/\\d{4}-\\d{2}$`));

  await page.goto(`/${slug}/reports/2026-13`);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
});
