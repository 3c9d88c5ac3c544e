/**
 * Automated actions in the browser: an admin previews and adds "switch the budget to hard
 * enforcement" on a budget's 80 % rule; usage sent through the API crosses it; the alert shows what
 * the action did, and Undo puts the budget back on soft enforcement.
 */
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("an admin adds an action with a preview, the alert carries it out, and Undo reverses it", async ({ page }) => {
  await signUp(page, uniqueEmail("actions"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Guarded Co"));
  const secret = await createKeyThroughSettings(page, slug, ["ingest", "write"], "Actions");
  const headers = { authorization: `Bearer ${secret}` };
  const created = await page.request.post("/api/v1/budgets", { headers, data: { name: "Agents", amount: "10", period: { kind: "monthly" } } });
  const budgetId = ((await created.json()) as { budget: { id: string } }).budget.id;

  await page.goto(`/${slug}/budgets/${budgetId}`);
  const rule80 = page.getByTestId("alert-rules").getByTestId("rule-row").filter({ hasText: "80%" });
  await rule80.getByText("Add an automated action").click();
  await expect(rule80.getByLabel("When it fires")).toHaveValue("enforce_hard");
  await rule80.getByRole("button", { name: "Preview" }).click();
  await expect(rule80.getByTestId("action-preview")).toContainText('Dry run, nothing saved: If this rule fired now — Switches budget "Agents" from soft to hard enforcement');
  const [{ actions }] = await sql<{ actions: number }[]>`select count(*)::int as actions from public.alert_actions where rule_id in (select id from public.alert_rules where budget_id = ${budgetId})`;
  expect(actions).toBe(0);
  await rule80.getByRole("button", { name: "Add action" }).click();
  await expect(rule80.getByTestId("rule-action")).toHaveText(/When it fires: Switch the budget to hard enforcement/);

  const sent = await page.request.post("/api/v1/events", {
    headers,
    data: { events: [{ id: "guard-1", timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", cost: "8.5", currency: "USD" }] },
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });
  const [{ enforcement }] = await sql<{ enforcement: string }[]>`select enforcement from public.budgets where id = ${budgetId}`;
  expect(enforcement).toBe("hard");

  const [alert] = await sql<{ id: string }[]>`
    select a.id from public.alerts a join public.alert_rules r on r.id = a.rule_id where r.budget_id = ${budgetId} and r.threshold = 80`;
  await page.goto(`/${slug}/alerts?alert=${alert.id}`);
  const run = page.getByTestId("action-run");
  await expect(run).toHaveAttribute("data-status", "done");
  await expect(run.getByTestId("action-run-text")).toHaveText("Switched budget “Agents” from soft to hard enforcement.");
  await run.getByRole("button", { name: "Undo" }).click();
  await expect(run).toHaveAttribute("data-status", "undone");
  await expect(run.getByTestId("action-run-text")).toHaveText("Undone: budget “Agents” is back on soft enforcement.");
  const [after] = await sql<{ enforcement: string }[]>`select enforcement from public.budgets where id = ${budgetId}`;
  expect(after.enforcement).toBe("soft");
});
