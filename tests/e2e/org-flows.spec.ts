import { expect, test } from "@playwright/test";
import { PASSWORD, signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, invitationLink, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("a new user signs up, creates an organization in onboarding and lands on its dashboard", async ({ page }) => {
  await page.goto("/signup");
  const email = uniqueEmail("founder");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "Create your organization" })).toBeVisible();

  const name = uniqueOrgName("Acme Robotics");
  await page.getByLabel("Organization name").fill(name);
  // The URL name follows the name until it is edited.
  const suggested = await page.getByLabel("URL name").inputValue();
  expect(suggested).toMatch(/^acme-robotics-[a-z0-9]+$/);
  await page.getByLabel("Base currency").selectOption("EUR");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByRole("button", { name: "Create organization" }).click();

  await expect(page).toHaveURL(new RegExp(`/${suggested}/dashboard$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Spend is reported in EUR, days follow Europe/Berlin.")).toBeVisible();
  await expect(page.getByText("Getting started")).toBeVisible();
  await expect(page.getByTestId("org-switcher")).toHaveText(name);

  // Signing in again goes straight to the organization.
  await page.goto("/login");
  await expect(page).toHaveURL(new RegExp(`/${suggested}/dashboard$`));

  // A taken URL name is refused on its field.
  await page.goto("/onboarding");
  await page.getByLabel("Organization name").fill("Another");
  await page.getByLabel("URL name").fill(suggested);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("That URL is already taken. Choose another.")).toBeVisible();
});

test("an owner invites a teammate, who signs up from the emailed link and joins; a third user gets 404", async ({ page, browser }) => {
  const ownerEmail = uniqueEmail("owner");
  await signUp(page, ownerEmail);
  const name = uniqueOrgName("Globex");
  const slug = await createOrgThroughOnboarding(page, name);

  await page.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/members$`));
  const teammate = uniqueEmail("teammate");
  await page.getByLabel("Email").fill(teammate);
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${teammate}.`)).toBeVisible();
  await expect(page.getByTestId("invitation-row").filter({ hasText: teammate })).toBeVisible();

  // The teammate opens the emailed link in their own browser, signed out.
  const link = await invitationLink(sql, teammate);
  const teammateContext = await browser.newContext();
  const invitee = await teammateContext.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: `Join ${name} on Spendguard` })).toBeVisible();
  await expect(invitee.getByTestId("invite-email")).toHaveText(teammate);
  await invitee.getByRole("link", { name: "Sign up to accept" }).click();
  await invitee.getByLabel("Work email").fill(teammate);
  await invitee.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await invitee.getByLabel("Confirm password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee).toHaveURL(new RegExp(`${link}$`));
  await invitee.getByRole("button", { name: `Join ${name}` }).click();
  await expect(invitee).toHaveURL(new RegExp(`/${slug}/dashboard$`));
  await expect(invitee.getByRole("heading", { level: 1, name })).toBeVisible();

  // The link is spent now.
  await invitee.goto(link);
  await expect(invitee.getByText("This invitation was already used")).toBeVisible();
  await teammateContext.close();

  await page.reload();
  await expect(page.getByTestId("member-row").filter({ hasText: teammate })).toBeVisible();
  await expect(page.getByTestId("invitation-row")).toHaveCount(0);

  // A signed-in stranger: every URL of the organization is a 404.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUp(stranger, uniqueEmail("stranger"));
  for (const path of ["dashboard", "settings/members", "settings/general", "settings/audit"]) {
    const response = await stranger.goto(`/${slug}/${path}`);
    expect(response?.status(), path).toBe(404);
    await expect(stranger.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  }
  await strangerContext.close();
});

test("invitation links that are made up, or for someone else, say so", async ({ page, browser }) => {
  await page.goto(`/invite/${"x".repeat(43)}`);
  await expect(page.getByRole("heading", { name: "This invitation link isn't valid" })).toBeVisible();

  await signUp(page, uniqueEmail("owner"));
  await createOrgThroughOnboarding(page, uniqueOrgName("Initech"));
  await page.getByRole("link", { name: "Members" }).click();
  const invited = uniqueEmail("invited");
  await page.getByLabel("Email").fill(invited);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invited}.`)).toBeVisible();
  const link = await invitationLink(sql, invited);

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other, uniqueEmail("other"));
  await other.goto(link);
  await expect(other.getByText("but the invitation was sent to")).toBeVisible();
  await expect(other.getByRole("button", { name: /^Join / })).toHaveCount(0);
  await otherContext.close();

  // Revoked: the owner withdraws it, and the link says so.
  await page.getByTestId("invitation-row").filter({ hasText: invited }).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByTestId("invitation-row")).toHaveCount(0);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This invitation was revoked" })).toBeVisible();
});
