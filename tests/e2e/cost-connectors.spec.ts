/**
 * Cost sync and reconciliation in the browser: an admin connects OpenAI on the connectors page
 * (a wrong admin key is refused with OpenAI's words; the right one is tried against the fake
 * OpenAI API the app and the stack's sync-connectors function are pointed at), the first sync
 * backfills what OpenAI billed, and the reconciliation page puts it next to what events priced,
 * highlighting the day that is off with its explanation.
 */
import { expect, test } from "@playwright/test";
import { startFakeOpenAIAdmin, type FakeOpenAIAdmin } from "../helpers/fake-openai-admin.ts";
import { e2ePorts } from "../helpers/ports.ts";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, uniqueOrgName } from "./org-support.ts";

let openai: FakeOpenAIAdmin;
const dayAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

test.beforeAll(async () => {
  openai = await startFakeOpenAIAdmin({ port: e2ePorts.openai });
});
test.afterAll(async () => {
  await openai?.close();
});

test("an admin connects OpenAI, its billed costs sync, and reconciliation shows the day that is off", async ({ page }) => {
  openai.addCost({ day: dayAgo(4), line_item: "gpt-4o, input", amount: 4 });
  openai.addCost({ day: dayAgo(3), line_item: "gpt-4o, input", amount: 10 });

  await signUp(page, uniqueEmail("costs"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Billed Co"));
  const secret = await createKeyThroughSettings(page, slug, ["ingest"], "Costs");
  const events = [
    { id: "cost-1", timestamp: `${dayAgo(4)}T10:00:00Z`, service: "openai", model: "gpt-4o", cost: "4", currency: "USD" },
    { id: "cost-2", timestamp: `${dayAgo(3)}T10:00:00Z`, service: "openai", model: "gpt-4o", cost: "6", currency: "USD" },
  ];
  const sent = await page.request.post("/api/v1/events", { headers: { authorization: `Bearer ${secret}` }, data: { events } });
  expect(await sent.json()).toMatchObject({ accepted: 2 });

  await page.goto(`/${slug}/reconciliation`);
  await expect(page.getByTestId("reconciliation-empty").locator("visible=true")).toContainText("Nothing to compare yet");

  await page.goto(`/${slug}/settings/connectors`);
  await page.getByText("OpenAI", { exact: true }).click();
  const form = page.getByTestId("add-cost-connector-form");
  await form.getByLabel("Name").fill("OpenAI (production)");
  await form.getByLabel("Admin key").fill("sk-admin-wrong-key");
  await form.getByRole("button", { name: "Connect OpenAI" }).click();
  await expect(form.getByText(/OpenAI/).filter({ hasText: /key/i }).first()).toBeVisible();
  // The refused form is reset (the key is never echoed back) before it is filled again.
  await expect(form.getByLabel("Admin key")).toHaveValue("");
  await form.getByLabel("Admin key").fill(openai.adminKey);
  await form.getByRole("button", { name: "Connect OpenAI" }).click();
  await expect(page.getByTestId("connector-added")).toContainText("Connected “OpenAI (production)”");

  // The first sync runs right after the connector is saved; the page shows it once done.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("connector-sync")).toContainText(`Synced through ${dayAgo(1)}`);
  }).toPass({ timeout: 20_000 });

  await page.goto(`/${slug}/reconciliation?from=${dayAgo(4)}&to=${dayAgo(3)}`);
  const days = page.getByTestId("reconciliation-day").locator("visible=true");
  await expect(days).toHaveCount(2);
  await expect(days.nth(0)).toHaveAttribute("data-over", "false");
  await expect(days.nth(1)).toHaveAttribute("data-over", "true");
  await expect(days.nth(1)).toContainText("Priced $6.00");
  await expect(days.nth(1)).toContainText("Billed $10.00");
  await expect(days.nth(1)).toContainText("Spendguard counted less than was billed");
});
