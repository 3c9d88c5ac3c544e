import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("a check over an approval budget waits; an admin approves it in the app and the caller's poll sees it", async ({ page, request }) => {
  await signUp(page, uniqueEmail("approvals-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Approvals Co"));

  // A key with the check scope, made in the app.
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Agent");
  await page.getByLabel("ingest").uncheck();
  await page.getByLabel("check").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  const headers = { authorization: `Bearer ${secret}` };

  await sql`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, enforcement)
    select o.id, 'Agents, monthly', 5, o.base_currency, ${sql.json({ kind: "monthly", startDay: 1 })}, 'UTC', 'approval'
    from public.organizations o where o.slug = ${slug}`;

  const asked = await request.post("/api/v1/check", { headers, data: { estimated_cost: "7.5", feature: "research", reserve: { ttl_seconds: 600 } } });
  expect(asked.status()).toBe(200);
  const answer = await asked.json();
  expect(answer).toMatchObject({ decision: "require_approval", approval: { status: "pending" }, reservation: { status: "awaiting_approval" } });

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Approvals" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/approvals$`));
  const pending = page.getByTestId("pending-approvals").getByTestId("approval-row");
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText("7.5");
  await expect(pending).toContainText("Agents, monthly");
  await expect(pending).toContainText("feature: research");

  // A reason is required.
  await pending.getByRole("button", { name: "Approve" }).click();
  expect(await pending.getByLabel("Reason").evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
  await expect(pending).toContainText("Pending");
  await pending.getByLabel("Reason").fill("Quarter-end research run");
  await pending.getByRole("button", { name: "Approve" }).click();

  await expect(page.getByTestId("no-pending")).toBeVisible();
  const decided = page.getByTestId("decided-approvals").getByTestId("approval-row");
  await expect(decided).toContainText("Approved");
  await expect(decided).toContainText("Quarter-end research run");

  const polled = await (await request.get(`/api/v1/approvals/${answer.approval.id}`, { headers })).json();
  expect(polled).toMatchObject({ status: "approved", reason: "Quarter-end research run", reservation_id: answer.reservation.id });
  const reservation = await (await request.get(`/api/v1/reservations/${answer.reservation.id}`, { headers })).json();
  expect(reservation.error.code).toBe("forbidden"); // the key lacks "read"
  const [held] = await sql`select status from public.reservations where id = ${answer.reservation.id}`;
  expect(held.status).toBe("held");
  const audit = await sql`select action, actor_type from public.audit_log where entity_id = ${answer.approval.id} order by at`;
  expect(audit).toEqual([{ action: "approval.created", actor_type: "api_key" }, { action: "approval.updated", actor_type: "user" }]);
});
