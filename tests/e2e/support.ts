/** What the e2e specs do over and over, done the way a person does it: through the pages. */
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct-horse-battery-staple";

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // A new account has no organization yet: it lands on onboarding.
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
}

/** Opens the dev outbox filtered to one recipient and follows the link of their newest email. */
export async function followNewestEmailLink(page: Page, recipient: string): Promise<void> {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(recipient)}`);
  const newest = page.getByTestId("outbox-message").first();
  await expect(newest.getByTestId("outbox-recipient")).toHaveText(recipient);
  await newest.getByTestId("outbox-link").click();
}
