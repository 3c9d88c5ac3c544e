import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, uniqueOrgName } from "./org-support.ts";

/** Creates an ingest key on the API keys page, as an admin does, and returns its secret. */
async function createIngestKey(page: Page, slug: string): Promise<string> {
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Explore e2e");
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("secret-value").textContent()) ?? "";
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

test("events sent through the API show up in Explore: totals, groups, chart, unpriced usage and each event's breakdown", async ({ page, request }) => {
  await signUp(page, uniqueEmail("explore"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Explore Co"));

  // Before any usage: the empty state says where usage comes from.
  await page.goto(`/${slug}/explore`);
  await expect(page.getByTestId("explore-empty")).toContainText("No usage yet");
  await expect(page.getByTestId("explore-empty").getByRole("link", { name: "API keys" })).toBeVisible();

  const secret = await createIngestKey(page, slug);
  const response = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      events: [
        {
          id: "e2e-priced", timestamp: hoursAgo(30), service: "openai", model: "gpt-4o",
          quantities: { input_tokens: 1200, output_tokens: 300 }, latency_ms: 420, team: "search", tags: { region: "eu" },
        },
        { id: "e2e-provided", timestamp: hoursAgo(5), service: "anthropic", model: "claude-sonnet-4-5", cost: "2.50", currency: "USD", team: "support" },
        { id: "e2e-unpriced", timestamp: hoursAgo(2), service: "openai", model: "gpt-from-the-future", quantities: { input_tokens: 5 }, status: "error", error_code: "timeout" },
      ],
    },
  });
  expect(await response.json()).toMatchObject({ accepted: 3, rejected: [] });

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Explore" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/explore$`));
  await expect(page.getByTestId("total-events")).toHaveText("3");
  await expect(page.getByTestId("total-unpriced")).toHaveText("1");
  await expect(page.getByTestId("total-errors")).toHaveText("1");
  await expect(page.getByTestId("unpriced-callout")).toContainText("1 unpriced event");
  await expect(page.getByTestId("spend-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();

  // Group by service: the choice goes into the URL (shareable) and the table splits.
  await page.getByLabel("Group by").selectOption("service");
  await expect(page).toHaveURL(/group_by=service/);
  const anthropic = page.getByTestId("group-row").filter({ hasText: "anthropic" });
  await expect(anthropic).toContainText("$2.50");
  await expect(page.getByTestId("group-row")).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("Group by")).toHaveValue("service");
  await expect(page.getByTestId("spend-chart").getByRole("list", { name: "Legend" })).toContainText("anthropic");
  await expect(page.getByTestId("health-row").filter({ hasText: "openai" })).toContainText("50%");

  // The table as CSV, with the exact decimal.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Table CSV" }).click();
  const csv = await readFile((await (await download).path()) ?? "", "utf8");
  expect(csv).toContain("anthropic,2.5,USD,");

  // Each event opens to its priced breakdown.
  const priced = page.getByTestId("event-row").filter({ hasText: "gpt-4o" }).filter({ hasNotText: "future" });
  await priced.getByRole("button").click();
  const details = priced.getByTestId("event-details");
  await expect(details.getByTestId("price-line")).toHaveCount(2);
  await expect(details.getByTestId("price-lines")).toContainText("Input tokens");
  await expect(details.getByTestId("price-lines")).toContainText("1,200");
  await expect(details).toContainText("420 ms");
  await expect(details).toContainText("region=eu");

  // The callout leads to the unpriced events, with the reason.
  await page.getByRole("button", { name: "Show unpriced events" }).click();
  await expect(page).toHaveURL(/pricing=unpriced/);
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await page.getByTestId("event-row").getByRole("button").click();
  await expect(page.getByTestId("unpriced-reason")).toContainText("does not know this model");
});
