/**
 * Notification channels: an admin adds a phone number (a bad one first: a clear message),
 * reads the verification code the way the dispatcher would send it (from the outbox row's
 * payload), types a wrong code and then the right one, and sees the channel Verified; an email
 * with a typo is refused too; every member can opt in to the weekly digest.
 */
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("an admin adds a phone number, verifies it with the texted code, and opts in to the digest", async ({ page }) => {
  const email = uniqueEmail("channels-owner");
  await signUp(page, email);
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Channel Co"));
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Channels" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/channels$`));
  await expect(page.getByTestId("no-channels")).toBeVisible();

  const form = page.getByTestId("add-channel-form");
  await form.getByText("Email", { exact: true }).click();
  await form.getByLabel("Email address").fill("oncall@");
  await form.getByRole("button", { name: "Add email" }).click();
  await expect(form.getByText("Enter an email address like ops@example.com.")).toBeVisible();

  await form.getByText("SMS", { exact: true }).click();
  await form.getByLabel("Phone number").fill("415 555 0100");
  await form.getByRole("button", { name: "Add phone number" }).click();
  await expect(form.getByText("Phone numbers must start with + and the country code")).toBeVisible();
  const phone = `+1 415 555 ${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  await form.getByLabel("Phone number").fill(phone);
  await form.getByLabel("Name (optional)").fill("On-call phone");
  await form.getByRole("button", { name: "Add phone number" }).click();
  await expect(page.getByTestId("code-sent")).toContainText(`We sent a code to ${phone.replaceAll(" ", "")}`);

  const row = page.getByTestId("channel-row").filter({ hasText: "On-call phone" });
  await expect(row.getByTestId("channel-status")).toHaveText("Waiting for code");
  const [message] = await sql<{ code: string; channel: string }[]>`
    select n.payload ->> 'code' as code, n.channel from public.notifications n
    join public.notification_channels c on c.id = n.channel_id
    where c.destination = ${phone.replaceAll(" ", "")} and n.purpose = 'verification'`;
  expect(message.channel).toBe("sms");

  await row.getByLabel("Code for On-call phone").fill(message.code === "000000" ? "111111" : "000000");
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByText("That code is not right. 4 attempts left.")).toBeVisible();
  await row.getByLabel("Code for On-call phone").fill(message.code);
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByTestId("channel-status")).toHaveText("Verified");
  await expect(row.getByRole("button", { name: "Send test" })).toBeVisible();

  const digest = page.getByTestId("digest-form");
  await digest.getByLabel(/Weekly spend digest/).check();
  await digest.getByRole("button", { name: "Save" }).click();
  await expect(digest.getByText("You'll get the digest every Monday.")).toBeVisible();
  const [membership] = await sql`select m.weekly_digest from public.memberships m join auth.users u on u.id = m.user_id where u.email = ${email}`;
  expect(membership.weekly_digest).toBe(true);
});
