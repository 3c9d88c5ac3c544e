/**
 * The live dashboard in Chromium: events POSTed through the API while the page is open move the
 * tiles, the chart, the feed, a budget card, the open alerts and the nav's badge within 2 seconds, with
 * no reload, and a budget raised through the API is redrawn (its alerts resolved) without one;
 * and an organization without usage is told what to do next, then fills in as its first event
 * arrives.
 */
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, uniqueOrgName } from "./org-support.ts";

const LIVE = { timeout: 2_000 };
const REFETCHED = { timeout: 5_000 };

/** Creates an API key on the API keys page, as an admin does, and returns its secret. */
/** Open, subscribed, and done with the refetch every subscription starts. */
async function openLive(page: Page, slug: string) {
  await page.goto(`/${slug}/dashboard`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

test("events sent through the API move the tiles, the chart, the feed, a budget and the alerts without a reload", async ({ page, request }) => {
  await signUp(page, uniqueEmail("dash-live"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Live Co"));
  const headers = { authorization: `Bearer ${await createKeyThroughSettings(page, slug, ["ingest", "read", "write"])}` };
  const send = async (events: Record<string, unknown>[]) => {
    const response = await request.post("/api/v1/events", { headers, data: { events } });
    expect(await response.json()).toMatchObject({ accepted: events.length, rejected: [] });
  };

  const budget = await request.post("/api/v1/budgets", { headers, data: { name: "All usage", amount: "5", period: { kind: "monthly" } } });
  expect(budget.status()).toBe(201);
  await send([{ id: "live-1", timestamp: minutesAgo(3), service: "anthropic", model: "claude-sonnet-4-5", cost: "1.00", currency: "USD", team: "search" }]);

  await openLive(page, slug);
  await expect(page.getByTestId("tile-today-value")).toHaveText("$1.00");
  await expect(page.getByTestId("tile-month-value")).toHaveText("$1.00");
  await expect(page.getByTestId("range-total")).toHaveText("$1.00");
  await expect(page.getByTestId("spend-chart").locator(".recharts-bar-rectangle")).toHaveCount(1);
  await expect(page.getByTestId("feed-row")).toHaveCount(1);
  await expect(page.getByTestId("budget-card-spent")).toHaveText("$1.00");
  await expect(page.getByTestId("open-alert-count")).toHaveText("0");
  await expect(page.getByTestId("unpriced-count")).toHaveText("0");

  // One batch: a new service, more of the old one, and an event without a known price.
  await send([
    { id: "live-2", timestamp: minutesAgo(2), service: "openai", model: "gpt-4o", cost: "2.50", currency: "USD", team: "growth" },
    { id: "live-3", timestamp: minutesAgo(1), service: "anthropic", model: "claude-sonnet-4-5", cost: "1.25", currency: "USD", team: "search" },
    { id: "live-4", timestamp: minutesAgo(0.5), service: "openai", model: "gpt-from-the-future", quantities: { input_tokens: 10 }, team: "growth" },
  ]);
  // The POST has returned: the batch is committed. Everything below must follow within 2 s, without a reload.
  await expect(page.getByTestId("tile-today-value")).toHaveText("$4.75", LIVE);
  await expect(page.getByTestId("tile-month-value")).toHaveText("$4.75", LIVE);
  await expect(page.getByTestId("range-total")).toHaveText("$4.75", LIVE);
  await expect(page.getByTestId("service-breakdown")).toContainText("openai", LIVE);
  await expect(page.getByTestId("spend-chart").getByRole("list", { name: "Legend" })).toContainText("openai", LIVE);
  await expect(page.getByTestId("spend-chart").locator(".recharts-bar-rectangle")).toHaveCount(2, LIVE);
  await expect(page.getByTestId("feed-row")).toHaveCount(4, LIVE);
  await expect(page.getByTestId("feed-row").first()).toContainText("gpt-from-the-future", LIVE);
  await expect(page.getByTestId("feed-row").first().getByTestId("feed-cost")).toHaveText("unpriced", LIVE);
  await expect(page.getByTestId("unpriced-count")).toHaveText("1", LIVE);
  // $4.75 of $5: 95 % — critical, and the 50 % and 80 % rules fired in the same transaction.
  await expect(page.getByTestId("budget-card-spent")).toHaveText("$4.75", LIVE);
  await expect(page.getByTestId("budget-card").getByTestId("budget-status")).toHaveText("Critical", LIVE);
  await expect(page.getByTestId("open-alert-count")).toHaveText("2", LIVE);
  const nav = page.getByRole("navigation", { name: "Organization" });
  await expect(nav.getByTestId("open-alerts-badge")).toHaveText("2 open", LIVE);
  await expect(page.getByTestId("top-models")).toContainText("gpt-4o", { timeout: 5_000 });

  // A budget raised elsewhere (here: the API) is redrawn and its alerts resolve, without a reload.
  // These are announced, not sent as deltas: the page refetches, so allow a little longer.
  const raised = await request.patch(`/api/v1/budgets/${(await budget.json()).budget.id}`, { headers, data: { amount: "500" } });
  expect(raised.status()).toBe(200);
  await expect(page.getByTestId("budget-card")).toContainText("of $500.00", REFETCHED);
  await expect(page.getByTestId("open-alert-count")).toHaveText("0", REFETCHED);
  await expect(nav.getByTestId("open-alerts-badge")).toHaveCount(0, REFETCHED);

  // The range lives in the URL; the chart follows it.
  await page.getByLabel("Range").selectOption("24h");
  await expect(page).toHaveURL(/range=24h&granularity=hour/);
  await expect(page.getByTestId("range-total")).toHaveText("$4.75");
  await expect(page.getByLabel("Granularity")).toHaveValue("hour");
});

test("a new organization is told what to do next, and its dashboard fills in as the first event arrives", async ({ page, request }) => {
  await signUp(page, uniqueEmail("dash-empty"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Fresh Co"));

  const started = page.getByTestId("getting-started");
  await expect(started).toBeVisible();
  await expect(started.getByRole("link", { name: "Create an API key" })).toHaveAttribute("href", `/${slug}/settings/api-keys`);
  const snippet = started.getByTestId("curl-snippet");
  await expect(snippet).toContainText(/curl -s http:\/\/127\.0\.0\.1:\d+\/api\/v1\/events/);
  await expect(snippet).toContainText("Bearer $SPENDGUARD_KEY");
  await expect(page.getByTestId("dashboard")).toHaveCount(0);

  const secret = await createKeyThroughSettings(page, slug, ["ingest"]);
  await openLive(page, slug);
  await expect(page.getByTestId("getting-started")).toBeVisible();

  // The snippet's own request, with the key filled in.
  const body = /-d '([^']+)'/.exec((await page.getByTestId("curl-snippet").textContent()) ?? "")?.[1] ?? "";
  const response = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, data: body });
  expect(await response.json()).toMatchObject({ accepted: 1, rejected: [] });

  await expect(page.getByTestId("dashboard").locator("visible=true")).toBeVisible(LIVE);
  await expect(page.getByTestId("getting-started")).toHaveCount(0);
  // 1,200 input and 300 output tokens of gpt-4o-mini at the catalog's $0.15 and $0.60 per million.
  await expect(page.getByTestId("tile-month-value")).toHaveText("$0.00036", LIVE);
  await expect(page.getByTestId("feed-row")).toHaveCount(1, LIVE);
  await expect(page.getByTestId("feed-row")).toContainText("gpt-4o-mini", LIVE);
});
