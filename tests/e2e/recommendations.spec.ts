import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

/** `n` events a second apart, from a day ago. */
function events(n: number, fields: Record<string, unknown>, offset: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `recs-${offset + i}-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date(Date.now() - 86_400_000 + (offset + i) * 1000).toISOString(),
    ...fields,
  }));
}

test("recommendations name their evidence and saving, and are dismissed, reopened and marked done in the app", async ({ page, request }) => {
  await signUp(page, uniqueEmail("recs-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Recs Co"));

  await page.goto(`/${slug}/recommendations`);
  await expect(page.getByRole("heading", { level: 1, name: "Recommendations" })).toBeVisible();
  await expect(page.getByTestId("no-recommendations")).toBeVisible();
  await expect(page.getByTestId("no-decided")).toBeVisible();

  // gpt-4o with 50-token answers beside gpt-4o-mini, repeated gpt-4o-mini requests, a model without a price.
  const secret = await createKeyThroughSettings(page, slug, ["ingest"]);
  const batch = [
    ...events(200, { service: "openai", model: "gpt-4o", quantities: { input_tokens: 2000, output_tokens: 50 } }, 0),
    ...events(12, { service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 100, output_tokens: 100 }, tags: { fingerprint: "weather-berlin" } }, 200),
    ...events(2, { service: "openai", model: "gpt-9-imaginary", quantities: { input_tokens: 10, output_tokens: 10 } }, 300),
  ];
  const sent = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${secret}` }, data: { events: batch } });
  expect(await sent.json()).toMatchObject({ accepted: batch.length, rejected: [] });
  // A budget since three months ago whose scope matches nothing.
  await sql`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, created_at)
    select o.id, 'Search, monthly', 25, o.base_currency, ${sql.json({ kind: "monthly", startDay: 1 })}, 'UTC',
      ${sql.json({ team: "serach" })}, now() - interval '90 days'
    from public.organizations o where o.slug = ${slug}`;

  await page.goto(`/${slug}/recommendations`);
  const open = page.getByTestId("open-recommendations").getByTestId("recommendation");
  await expect(open).toHaveCount(4);
  await expect(open.nth(0)).toContainText("Try gpt-4o-mini for the short answers of gpt-4o");
  await expect(open.nth(0).getByTestId("recommendation-saving")).toHaveText("$1.03 a month");
  await expect(open.nth(0)).toContainText("They cost $1.10. The same calls would cost about $0.07 with gpt-4o-mini");
  await expect(open.nth(1)).toContainText("Cache repeated requests to gpt-4o-mini");
  await expect(open.nth(1).getByTestId("recommendation-saving")).toHaveText("$0.00083 a month");
  await expect(open.nth(2)).toContainText("Budget “Search, monthly” counts no usage");
  await expect(open.nth(2).getByTestId("recommendation-saving")).toHaveText("No saving estimate");
  await expect(open.nth(3)).toContainText("2 events of gpt-9-imaginary (openai) in the last 30 days have no price (unknown model: 2).");
  await expect(open.nth(3).getByRole("link", { name: "Settings → Prices" })).toHaveAttribute("href", `/${slug}/settings/prices`);

  const model = page.locator('[data-key="expensive_model_short_outputs:openai:gpt-4o"]');
  await model.getByLabel("Note (optional)").fill("Answers must stay on gpt-4o");
  await model.getByRole("button", { name: "Dismiss" }).click();
  const decided = page.getByTestId("decided-recommendations").getByTestId("recommendation");
  await expect(decided).toHaveCount(1);
  await expect(decided).toContainText("Try gpt-4o-mini for the short answers of gpt-4o");
  await expect(decided).toContainText("Dismissed");
  await expect(decided).toContainText("“Answers must stay on gpt-4o”");
  await expect(open).toHaveCount(3);

  await decided.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByTestId("no-decided")).toBeVisible();
  await expect(open).toHaveCount(4);

  await page.locator('[data-key^="idle_budget:"]').getByRole("button", { name: "Mark done" }).click();
  await expect(decided).toHaveCount(1);
  await expect(decided).toContainText("Marked done");
  await expect(open).toHaveCount(3);

  const audit = await sql<{ action: string; actor_type: string }[]>`
    select a.action, a.actor_type from public.audit_log a join public.organizations o on o.id = a.org_id
    where o.slug = ${slug} and a.entity_type = 'recommendation' order by a.at, a.id`;
  expect(audit).toEqual([
    { action: "recommendation.created", actor_type: "user" },
    { action: "recommendation.deleted", actor_type: "user" },
    { action: "recommendation.created", actor_type: "user" },
  ]);
});
