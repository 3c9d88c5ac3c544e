/**
 * The whole alert path, end to end (issue 6 §5): a budget with an 80 % rule that notifies its
 * creator by email and a verified phone by SMS; usage pushed through the API crosses it; the
 * alert shows in the alert center, and the email and the SMS — rendered and delivered by the
 * dispatch-notifications edge function, poked by the ingest transaction — land in the local
 * outbox (/dev/outbox), as they would have been sent without provider keys.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("usage crossing an 80 % rule shows an alert in the app and sends its email and SMS", async ({ page }) => {
  const email = uniqueEmail("alert-flow");
  await signUp(page, email);
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Alert Flow"));

  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Alert flow");
  await page.getByLabel("write").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  expect(secret).toMatch(/^sg_/);

  // The budget through the API; it starts with the default rules (50/80/100 % actual, 100 % forecast).
  const created = await page.request.post("/api/v1/budgets", {
    headers: { authorization: `Bearer ${secret}` },
    data: { name: "Flow budget", amount: "100", period: { kind: "monthly", startDay: 1 }, scope: { service: "openai" } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const budget = (await created.json()) as { budget: { id: string } };

  // A verified phone (the channels page's verification is covered by its own spec) on the 80 % rule.
  const phone = `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  const [{ id: orgId }] = await sql<{ id: string }[]>`select id from public.organizations where slug = ${slug}`;
  const [channel] = await sql<{ id: string }[]>`
    insert into public.notification_channels (org_id, kind, name, destination, verified_at)
    values (${orgId}, 'sms', 'On-call phone', ${phone}, now()) returning id`;
  await sql`update public.alert_rules set channel_ids = ${[channel.id]}::uuid[]
    where budget_id = ${budget.budget.id} and kind = 'actual' and threshold = 80`;

  const send = await page.request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${secret}` },
    data: { events: [
      { id: randomUUID(), timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", cost: "45", currency: "USD" },
      { id: randomUUID(), timestamp: new Date(Date.now() - 30_000).toISOString(), service: "openai", model: "gpt-4o", cost: "40.50", currency: "USD" },
    ] },
  });
  expect(send.status(), await send.text()).toBe(200);

  // In the app: the 80 % alert (and the 50 % one), open.
  await page.goto(`/${slug}/alerts`);
  await expect(page.getByText("Flow budget").first()).toBeVisible();
  await expect(page.getByText(/\$85\.50 of \$100\.00/).first()).toBeVisible();

  // In the outbox: the email to the creator with the link into the app, and the SMS to the phone.
  await expect.poll(async () => {
    const rows = await sql<{ channel: string; recipient: string }[]>`
      select channel, recipient from local_dev.outbox where recipient in (${email}, ${phone}) and source = 'alerts'`;
    return rows.map((row) => `${row.channel}:${row.recipient}`).sort();
  }, { timeout: 20_000 }).toEqual([`email:${email}`, `email:${email}`, `sms:${phone}`]);

  await page.goto(`/dev/outbox?to=${encodeURIComponent(phone)}`);
  await expect(page.getByText(/80%/).first()).toBeVisible();
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  await expect(page.getByText(/reached 80%/).first()).toBeVisible();
});
