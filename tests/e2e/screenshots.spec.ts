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
  const link = await invitationLink(sql, invited).finally(() => sql.end());
  const guest = await browser.newPage();
  await guest.goto(link);
  await expect(guest.getByTestId("invite-email")).toHaveText(invited);
  await shoot(guest, "invitation");
  await guest.close();
});
