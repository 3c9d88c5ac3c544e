/**
 * Stopping Make scenarios from the browser: an admin connects a Make team (the fake Make API on
 * loopback the app and the stack's run-alert-actions function are pointed at), sees which
 * scenarios are tagged, adds "Stop the tagged Make scenarios" to a budget's 80 % rule with a
 * preview; usage sent through the API crosses it; the alert shows the scenario stopped (by the
 * edge function, progress refreshed on the page), and Undo starts it again.
 */
import { expect, test } from "@playwright/test";
import { startFakeMake, type FakeMake } from "../helpers/fake-make.ts";
import { e2ePorts } from "../helpers/ports.ts";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();
let make: FakeMake;

test.beforeAll(async () => {
  make = await startFakeMake({ port: e2ePorts.make });
});
test.afterAll(async () => {
  await make?.close();
});

test("an admin connects Make, a crossed budget stops its tagged scenario, and Undo starts it again", async ({ page }) => {
  const sender = make.addScenario({ name: "Newsletter sender", description: "spendguard: project=newsletter" });
  const other = make.addScenario({ name: "CRM sync", description: "Untagged." });

  await signUp(page, uniqueEmail("make"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Automated Co"));
  const secret = await createKeyThroughSettings(page, slug, ["ingest", "write"], "Make");
  const headers = { authorization: `Bearer ${secret}` };

  await page.goto(`/${slug}/settings/connectors`);
  const form = page.getByTestId("add-make-connector-form");
  await form.getByLabel("Name").fill("Make (marketing)");
  await form.getByLabel("Team id").fill(String(make.teamId));
  await form.getByLabel("API token").fill("wrong-token-123");
  await form.getByRole("button", { name: "Connect Make" }).click();
  await expect(form.getByText(/Make refused the API token/).first()).toBeVisible();
  await expect(page.getByTestId("no-connectors")).toBeVisible();
  await expect(form.getByLabel("API token")).toHaveValue("");
  await form.getByLabel("API token").fill(make.token);
  await form.getByRole("button", { name: "Connect Make" }).click();
  await expect(page.getByTestId("connector-added")).toContainText("2 scenarios in the team, 1 tagged for Spendguard");
  await expect(page.getByTestId("connector-added")).toContainText("“Newsletter sender” (project=newsletter)");
  await expect(page.getByTestId("connector")).toContainText("Make · eu1 · team 215");

  const created = await page.request.post("/api/v1/budgets", {
    headers, data: { name: "Newsletter", amount: "10", period: { kind: "monthly" }, scope: { project: "newsletter" } },
  });
  const budgetId = ((await created.json()) as { budget: { id: string } }).budget.id;
  await page.goto(`/${slug}/budgets/${budgetId}`);
  const rule80 = page.getByTestId("alert-rules").getByTestId("rule-row").filter({ hasText: "80%" });
  await rule80.getByText("Add an automated action").click();
  await rule80.getByLabel("When it fires").selectOption("stop_make_scenarios");
  await expect(rule80.getByLabel("Make connector")).toHaveValue(/.+/);
  await rule80.getByRole("button", { name: "Preview" }).click();
  await expect(rule80.getByTestId("action-preview")).toContainText('Stops 1 active scenario(s) of Make team 215 (Make (marketing)): "Newsletter sender"');
  await rule80.getByRole("button", { name: "Add action" }).click();
  await expect(rule80.getByTestId("rule-action")).toContainText("Stop the Make scenarios tagged to this budget (“Make (marketing)”)");

  const sent = await page.request.post("/api/v1/events", {
    headers,
    data: { events: [{ id: "make-1", timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", cost: "8.5", currency: "USD", project: "newsletter" }] },
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });
  const [alert] = await sql<{ id: string }[]>`
    select a.id from public.alerts a join public.alert_rules r on r.id = a.rule_id where r.budget_id = ${budgetId} and r.threshold = 80`;

  await page.goto(`/${slug}/alerts?alert=${alert.id}`);
  const run = page.getByTestId("action-run").locator("visible=true");
  await expect(run).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  await expect(run.getByTestId("action-run-text")).toHaveText("Stopped 1 Make scenario through “Make (marketing)”: “Newsletter sender”.");
  expect([make.scenarios.get(sender)?.isActive, make.scenarios.get(other)?.isActive]).toEqual([false, true]);

  await run.getByRole("button", { name: "Undo" }).click();
  await expect(run).toHaveAttribute("data-status", "undone", { timeout: 15_000 });
  await expect(run.getByTestId("action-run-text")).toHaveText("Undone: started “Newsletter sender” again.");
  expect(make.scenarios.get(sender)?.isActive).toBe(true);
});
