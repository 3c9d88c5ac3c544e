/**
 * A budget's alert rules on its page: the defaults are listed; an admin adds a 90 % critical
 * rule, mutes it for an hour (an obvious "Muted until …" badge on a greyed row), turns another
 * off ("Off"), and unmutes again; what the page says is what is stored.
 */
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("an admin adds a rule to a budget, mutes it, turns another off, and unmutes", async ({ page }) => {
  const email = uniqueEmail("rules-owner");
  await signUp(page, email);
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Rules Co"));
  const [budget] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    select id, 'Anthropic monthly', 500, 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC' from public.organizations where slug = ${slug}
    returning id`;
  await page.goto(`/${slug}/budgets/${budget.id}`);
  const section = page.getByTestId("alert-rules");
  await expect(section.getByTestId("rule-row")).toHaveCount(4);
  await expect(section.getByTestId("rule-row").first()).toContainText("Spent reaches 50% of the budget");

  await section.getByRole("button", { name: "Add a rule" }).click();
  const form = section.getByTestId("add-rule");
  await form.getByLabel("Threshold (%)").fill("1200");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form.getByText("Use a threshold of at most 1000%.")).toBeVisible();
  await form.getByLabel("Threshold (%)").fill("90");
  await form.getByLabel("Severity").selectOption("critical");
  await form.getByLabel(new RegExp(email.replace(/[.+]/g, "\\$&"))).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form).toHaveCount(0);
  const added = section.getByTestId("rule-row").filter({ hasText: "Spent reaches 90% of the budget" });
  await expect(added).toContainText(`Tells ${email}`);
  await expect(added.getByTestId("severity-badge")).toHaveText("Critical");

  await added.getByText("Mute", { exact: true }).click();
  await added.getByRole("button", { name: "For 1 hour" }).click();
  await expect(added.getByTestId("rule-muted")).toContainText("Muted until");
  await expect(added).toHaveAttribute("data-quiet", "true");
  const [stored] = await sql<{ muted_until: Date }[]>`select muted_until from public.alert_rules where budget_id = ${budget.id} and threshold = 90`;
  expect(Math.abs(stored.muted_until.getTime() - Date.now() - 3_600_000)).toBeLessThan(120_000);

  const forecast = section.getByTestId("rule-row").filter({ hasText: "Forecast reaches 100%" });
  await forecast.getByRole("button", { name: "Turn off" }).click();
  await expect(forecast.getByTestId("rule-off")).toHaveText("Off");

  await added.getByRole("button", { name: "Unmute" }).click();
  await expect(added.getByTestId("rule-muted")).toHaveCount(0);
  await expect(added).not.toHaveAttribute("data-quiet", "true");
  expect(await sql`select muted_until, enabled from public.alert_rules where budget_id = ${budget.id} and threshold = 90`).toEqual([{ muted_until: null, enabled: true }]);
});
