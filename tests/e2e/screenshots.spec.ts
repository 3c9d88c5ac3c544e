/**
 * Refreshes docs/screenshots/ (laptop 1280×800 and phone 375×812) of the main pages. Skipped
 * unless SG_SCREENSHOTS=1, so ordinary test runs never rewrite the committed images.
 */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, invitationLink, uniqueOrgName } from "./org-support.ts";

const VIEWPORTS = { laptop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } };
const OUT_DIR = path.resolve(import.meta.dirname, "../../docs/screenshots");

test.skip(process.env.SG_SCREENSHOTS !== "1", "set SG_SCREENSHOTS=1 to refresh docs/screenshots");

async function shoot(page: Page, name: string): Promise<void> {
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(OUT_DIR, `${name}-${device}.png`), fullPage: true, animations: "disabled" });
  }
}

test("screenshots of the landing, sign-in, account and outbox pages", async ({ page }) => {
  await page.goto("/");
  await shoot(page, "landing");
  await page.goto("/login");
  await shoot(page, "login");
  await page.goto("/signup");
  await shoot(page, "signup");

  const email = uniqueEmail("ana");
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await shoot(page, "check-email");

  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, email);
  await page.goto("/account");
  await shoot(page, "account");

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  await expect(page.getByTestId("outbox-message").first()).toBeVisible();
  await shoot(page, "outbox");
});

test("screenshots of onboarding, the organization pages and an invitation", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("owner"));
  await page.goto("/onboarding");
  await page.getByLabel("Organization name").fill("Acme Robotics");
  await shoot(page, "onboarding");

  await page.setViewportSize(VIEWPORTS.laptop);
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Acme Robotics"));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await shoot(page, "dashboard");

  await page.goto(`/${slug}/settings/members`);
  const invited = uniqueEmail("teammate");
  await page.getByLabel("Email").fill(invited);
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("invitation-row")).toHaveCount(1);
  await page.reload();
  await shoot(page, "members");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/settings/general`);
  await page.getByLabel("Base currency").selectOption("EUR");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await shoot(page, "settings-general");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/settings/api-keys`);
  for (const [name, scopes] of [["Billing worker", ["read"]], ["Production ingest", ["ingest", "check"]]] as const) {
    await page.getByLabel("Name").fill(name);
    for (const scope of ["ingest", "read", "write", "check"]) await page.getByLabel(scope).setChecked(scopes.some((s) => s === scope));
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByTestId("secret-reveal")).toContainText(name);
  }
  await page.getByTestId("key-row").filter({ hasText: "Billing worker" }).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("1 active key")).toBeVisible();
  await shoot(page, "api-keys");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/settings/audit`);
  await expect(page.getByTestId("audit-row").filter({ visible: true }).first()).toBeVisible();
  await shoot(page, "audit-log");

  const sql = e2eSql();
  const link = await invitationLink(sql, invited);
  const guest = await browser.newPage();
  await guest.goto(link);
  await expect(guest.getByTestId("invite-email")).toHaveText(invited);
  await shoot(guest, "invitation");
  await guest.close();
});

test("screenshots of the Explore page with two weeks of usage", async ({ page, request }) => {
  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, uniqueEmail("explorer"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Acme Robotics"));
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Production ingest");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  const response = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${secret}` }, data: { events: sampleUsage() } });
  expect(await response.json()).toMatchObject({ rejected: [] });

  await page.goto(`/${slug}/explore?range=7d&group_by=model`);
  await expect(page.getByTestId("spend-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await shoot(page, "explore");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/explore?range=7d&service=openai`);
  const row = page.getByTestId("event-row").filter({ hasText: "gpt-4o" }).first();
  await row.getByRole("button").click();
  await expect(row.getByTestId("price-lines")).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await shoot(page, "explore-event");
});

test("screenshots of the budgets list, a budget's burn-down, children and alerts, and the budget form", async ({ page, request }) => {
  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, uniqueEmail("budgets"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Acme Robotics"));
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Budgets and usage");
  for (const scope of ["ingest", "read", "write"]) await page.getByLabel(scope).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  const headers = { authorization: `Bearer ${secret}` };
  expect(await (await request.post("/api/v1/events", { headers, data: { events: sampleUsage() } })).json()).toMatchObject({ rejected: [] });
  const budgets = [
    { name: "All usage, monthly", amount: "10", period: { kind: "monthly" } },
    { name: "OpenAI, weekly", amount: "5", period: { kind: "weekly", weekStart: 1 }, scope: { service: "openai" }, enforcement: "hard" },
    { name: "Research team", amount: "1000", period: { kind: "quarterly" }, scope: { team: "research" }, rollover: true, rollover_cap: "200" },
    { name: "Each customer", amount: "0.5", period: { kind: "monthly" }, per: "end_user" },
  ];
  const ids: string[] = [];
  for (const budget of budgets) {
    const created = await request.post("/api/v1/budgets", { headers, data: budget });
    expect(created.status()).toBe(201);
    ids.push((await created.json()).budget.id);
  }
  const children = [
    { name: "Search team", amount: "4", period: { kind: "monthly" }, scope: { team: "search" }, parent_id: ids[0] },
    { name: "Support team", amount: "2.5", period: { kind: "monthly" }, scope: { team: "support" }, parent_id: ids[0] },
  ];
  for (const budget of children) expect((await request.post("/api/v1/budgets", { headers, data: budget })).status()).toBe(201);
  await page.goto(`/${slug}/budgets`);
  await expect(page.getByTestId("budget-row")).toHaveCount(budgets.length + children.length);
  await shoot(page, "budgets");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/budgets/${ids[0]}`);
  await expect(page.getByTestId("burn-down-chart")).toBeVisible();
  await expect(page.getByTestId("allocation-child")).toHaveCount(children.length);
  await expect(page.getByTestId("fired-alert").first()).toBeVisible();
  await shoot(page, "budget-detail");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/budgets/${ids[3]}`);
  await shoot(page, "budget-per-subject");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/budgets/new`);
  await shoot(page, "budget-new");
});

/** Seven days of plausible traffic: a few models and teams, latencies, some errors, one model without a price. */
function sampleUsage() {
  const models = [
    { service: "openai", model: "gpt-4o", team: "search", latency: 900 },
    { service: "openai", model: "gpt-4o-mini", team: "support", latency: 400 },
    { service: "anthropic", model: "claude-sonnet-4-5", team: "research", latency: 1_600 },
    { service: "openai", model: "gpt-from-the-future", team: "research", latency: 2_000 },
  ];
  let seed = 7;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  return Array.from({ length: 400 }, (_, index) => {
    const pick = models[index % 10 === 9 ? 3 : Math.floor(random() * 3)];
    return {
      id: `sample-${index}`,
      timestamp: new Date(Date.now() - random() * 6.5 * 86_400_000).toISOString(),
      service: pick.service,
      model: pick.model,
      quantities: { input_tokens: Math.round(500 + random() * 6_000), output_tokens: Math.round(100 + random() * 1_500) },
      latency_ms: Math.round(pick.latency * (0.4 + random() * 1.6)),
      team: pick.team,
      environment: random() < 0.8 ? "production" : "staging",
      end_user: `customer-${Math.floor(random() * 25)}`,
      feature: ["chat", "summaries", "search"][index % 3],
      ...(random() < 0.04 ? { status: "error", error_code: "rate_limited" } : {}),
    };
  });
}

test("screenshots of the dashboard loading demo data and with 90 days of it, budgets and alerts", async ({ page, request }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail("demo"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Acme Robotics"));
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByTestId("demo-progress")).toContainText(/Week [3-9] of 13\./, { timeout: 60_000 });
  await shoot(page, "dashboard-demo-loading");
  await page.setViewportSize(VIEWPORTS.laptop);
  await expect(page.getByTestId("demo-progress")).toHaveCount(0, { timeout: 120_000 });

  // Budgets over the demo's spend; those already past a threshold fire their alerts as they are made.
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Budgets");
  for (const scope of ["read", "write"]) await page.getByLabel(scope).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const headers = { authorization: `Bearer ${(await page.getByTestId("secret-value").textContent()) ?? ""}` };
  for (const budget of [
    { name: "All usage, monthly", amount: "700", period: { kind: "monthly" } },
    { name: "OpenAI, weekly", amount: "90", period: { kind: "weekly", weekStart: 1 }, scope: { service: "openai" } },
    { name: "Support team", amount: "120", period: { kind: "monthly" }, scope: { team: "support" } },
    { name: "Each customer", amount: "5", period: { kind: "monthly" }, per: "end_user" },
  ]) {
    expect((await request.post("/api/v1/budgets", { headers, data: budget })).status()).toBe(201);
  }

  await page.goto(`/${slug}/dashboard`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await expect(page.getByTestId("spend-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("budget-card")).toHaveCount(4);
  await expect(page.getByTestId("feed-row").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await shoot(page, "dashboard-demo");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/recommendations`);
  await expect(page.getByRole("heading", { name: "Recommendations" }).locator("visible=true")).toBeVisible();
  await shoot(page, "recommendations");
  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/reports`);
  await expect(page.getByText("Total spend").locator("visible=true")).toBeVisible();
  await shoot(page, "report");
});

test("screenshots of the prices page with a negotiated price, rates and unpriced usage", async ({ page, request }) => {
  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, uniqueEmail("prices"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Acme Robotics"));
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Production ingest");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  const day = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const events = [
    ...Array.from({ length: 40 }, (_, i) => ({ id: `llm-${i}`, timestamp: day(1 + (i % 9)), service: "acme", model: "acme-llm-large", quantities: { input_tokens: 20_000, output_tokens: 900 } })),
    ...Array.from({ length: 12 }, (_, i) => ({ id: `scrape-${i}`, timestamp: day(1 + (i % 5)), service: "scraperapi", model: "render-js", quantities: { units: 3 } })),
    ...Array.from({ length: 6 }, (_, i) => ({ id: `aws-${i}`, timestamp: day(2 + i), service: "aws", model: "ec2", cost: "10", currency: "GBP" })),
  ];
  const response = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${secret}` }, data: { events } });
  expect(await response.json()).toMatchObject({ rejected: [] });

  await page.goto(`/${slug}/settings/prices`);
  await page.getByRole("link", { name: "Add a price for acme / acme-llm-large" }).click();
  await page.getByLabel("Input tokens", { exact: true }).fill("1.25");
  await page.getByLabel("Output tokens", { exact: true }).fill("5");
  await page.getByLabel("Note (optional)").fill("Pilot agreement");
  await page.getByRole("button", { name: "Save price" }).click();
  await expect(page.getByTestId("reprice-job-finished")).toContainText("40 of 40 events re-priced", { timeout: 30_000 });
  const rates = page.getByRole("region", { name: "Exchange rates" });
  await rates.getByLabel("Currency", { exact: true }).selectOption("GBP");
  await rates.getByLabel("From", { exact: true }).fill(day(30).slice(0, 10));
  await rates.getByLabel("1 GBP = ? USD", { exact: true }).fill("1.27");
  await rates.getByRole("button", { name: "Add rate" }).click();
  await expect(page.getByTestId("reprice-job-finished").filter({ hasText: "GBP rate changed" })).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId("unpriced-total")).toHaveText("12");
  await shoot(page, "prices");
});

test("screenshots of the import page with a checked file", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, uniqueEmail("shot-import"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Globex Analytics"));
  await page.goto(`/${slug}/import`);
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  const rows = [
    "timestamp,service,model,input_tokens,output_tokens,cost,currency,team,project",
    ...Array.from({ length: 24 }, (_, i) => `${hoursAgo(i + 1)},openai,gpt-4o-mini,${1200 + i * 37},${300 + i * 11},,,search,assistant`),
    `${hoursAgo(3)},aws,ec2-m7g.large,,,4.1280,USD,platform,`,
    `${hoursAgo(2)},openai,gpt-4o,12.5,1,,,search,assistant`,
  ];
  await page.getByLabel("Choose a file").setInputFiles({ name: "october-usage.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
  await expect(page.getByTestId("preview-row").first()).toBeVisible();
  await shoot(page, "import");
});

test("screenshots of the approvals page with waiting and decided requests", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, uniqueEmail("shot-approvals"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Initech Agents"));
  const sql = e2eSql();
  const requests = [
    { amount: "42.5", request: { service: "openai", model: "gpt-4o", team: "research", feature: "deep-report" }, status: "pending", reason: null },
    { amount: "7.2", request: { service: "anthropic", model: "claude-sonnet-4-5", end_user: "acme-corp" }, status: "pending", reason: null },
    { amount: "120", request: { service: "openai", model: "o3", team: "growth" }, status: "denied", reason: "Wait for the new quarter" },
  ];
  for (const item of requests) {
    await sql`
      insert into public.approvals (org_id, request, amount, budgets, status, reason, decided_at, expires_at)
      select o.id, ${sql.json(item.request)}, ${item.amount}, ${sql.json([{ name: "Agents, monthly", remaining_before: "3.75" }])}, ${item.status},
        ${item.reason}, case when ${item.status} = 'pending' then null else now() end, now() + interval '1 day'
      from public.organizations o where o.slug = ${slug}`;
  }
  await page.goto(`/${slug}/approvals`);
  await expect(page.getByTestId("pending-approvals").getByTestId("approval-row")).toHaveCount(2);
  await shoot(page, "approvals");
});

test("screenshots of the alert center, an opened alert, alert rules and notification channels", async ({ page, request }) => {
  await page.setViewportSize(VIEWPORTS.laptop);
  await signUp(page, uniqueEmail("shot-alerts"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Acme Robotics"));
  const sql = e2eSql();
  const [org] = await sql<{ id: string }[]>`select id from public.organizations where slug = ${slug}`;
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Budgets and usage");
  for (const scope of ["ingest", "read", "write"]) await page.getByLabel(scope).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const headers = { authorization: `Bearer ${(await page.getByTestId("secret-value").textContent()) ?? ""}` };
  expect(await (await request.post("/api/v1/events", { headers, data: { events: sampleUsage() } })).json()).toMatchObject({ rejected: [] });
  const budgetIds: string[] = [];
  for (const budget of [
    { name: "OpenAI production", amount: "1000", period: { kind: "monthly" }, scope: { service: "openai" } },
    { name: "Research team", amount: "400", period: { kind: "weekly", weekStart: 1 }, scope: { team: "research" } },
  ]) {
    const created = await request.post("/api/v1/budgets", { headers, data: budget });
    budgetIds.push((await created.json()).budget.id);
  }
  await request.post("/api/v1/alert-rules", { headers, data: { kind: "anomaly", budget_id: budgetIds[0], min_amount: "25", severity: "critical" } });
  await request.post("/api/v1/alert-rules", { headers, data: { kind: "health", service: "openai", metric: "p95_latency", threshold: 2500, window_minutes: 15 } });
  const health = await request.post("/api/v1/alert-rules", { headers, data: { kind: "health", service: "anthropic", metric: "error_rate", threshold: 5 } });
  const [rule80] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetIds[0]} and kind = 'actual' and threshold = 80`;
  const [forecast] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetIds[0]} and kind = 'forecast'`;
  await request.patch(`/api/v1/alert-rules/${forecast.id}`, { headers, data: { muted_until: new Date(Date.now() + 86_400_000).toISOString() } });
  const [rule50] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetIds[1]} and kind = 'actual' and threshold = 50`;
  await request.patch(`/api/v1/alert-rules/${rule50.id}`, { headers, data: { enabled: false } });

  // Channels: a verified inbox, a phone waiting for its code, a webhook a provider disabled.
  await sql`
    insert into public.notification_channels (org_id, kind, name, destination, verified_at, verification_expires_at, signing_secret, disabled_at, disabled_reason)
    values (${org.id}, 'email', 'Finance team', 'finance@acme.example', now(), null, null, null, null),
      (${org.id}, 'sms', 'On-call phone', '+14155550100', null, now() + interval '12 minutes', null, null, null),
      (${org.id}, 'webhook', 'PagerDuty bridge', 'https://events.pagerduty.example/hooks/spendguard', now(), null, 'whsec_c2NyZWVuc2hvdHM=', now(), 'The webhook endpoint answered 410 Gone: it no longer accepts deliveries')`;
  const [finance] = await sql<{ id: string }[]>`select id from public.notification_channels where org_id = ${org.id} and kind = 'email'`;
  await sql`update public.alert_rules set channel_ids = ${[finance.id]}::uuid[] where id = ${rule80.id}`;

  const month = (offset: number) => { const now = new Date(); return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString(); };
  const fire = (ruleId: string, facts: Record<string, string | number>, notify = "sent", periodStart = month(0), periodEnd: string | null = month(1)) =>
    sql`select private.record_alerts(${org.id}, ${sql.json({ fire: [{ rule_id: ruleId, subject: "", period_start: periodStart, period_end: periodEnd, facts, notify }] })})`;
  await fire(rule80.id, { kind: "actual", currency: "USD", threshold: 80, amount: "1000", spent: "812.40", percent: 81.24 });
  await fire(forecast.id, { kind: "forecast", currency: "USD", threshold: 100, amount: "1000", spent: "812.40", forecast: "1240.00", forecast_high: "1390.50", percent: 124, exhaustion_at: new Date(Date.now() + 5 * 86_400_000).toISOString() }, "muted");
  await fire((await health.json()).rule.id, { kind: "health", service: "anthropic", metric: "error_rate", threshold: 5, window_minutes: 15, value: 12.5, requests: 320, errors: 40 }, "sent", "-infinity", null);
  const [rule50a] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetIds[0]} and kind = 'actual' and threshold = 50`;
  await fire(rule50a.id, { kind: "actual", currency: "USD", threshold: 50, amount: "1000", spent: "512.00", percent: 51.2 });
  await sql`update public.alerts set status = 'acknowledged', acknowledged_at = now(), ack_note = 'Expected: launch week' where rule_id = ${rule50a.id}`;

  await page.goto(`/${slug}/alerts?status=all`);
  // Visible, not just present: streamed content replaces the loading skeleton a moment after it arrives.
  await expect(page.getByTestId("alert-row").nth(3)).toBeVisible();
  await shoot(page, "alerts");

  await page.setViewportSize(VIEWPORTS.laptop);
  const [opened] = await sql<{ id: string }[]>`select id from public.alerts where rule_id = ${rule80.id}`;
  await page.goto(`/${slug}/alerts?alert=${opened.id}`);
  await expect(page.getByTestId("delivery-log")).toBeVisible();
  await shoot(page, "alert-opened");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/alerts/rules`);
  await expect(page.getByTestId("health-rules").getByTestId("rule-row").nth(1)).toBeVisible();
  await shoot(page, "alert-rules");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/budgets/${budgetIds[0]}`);
  await expect(page.getByTestId("alert-rules").getByTestId("rule-muted").locator("visible=true")).toBeVisible();
  await page.getByTestId("alert-rules").getByRole("button", { name: "Add a rule" }).click();
  await shoot(page, "budget-alert-rules");

  await page.setViewportSize(VIEWPORTS.laptop);
  await page.goto(`/${slug}/settings/channels`);
  await expect(page.getByTestId("channel-row").nth(2)).toBeVisible();
  await shoot(page, "channels");
});
