import { expect, test } from "@playwright/test";
import { followNewestEmailLink, PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./support.ts";

test("a new user signs up, signs out and signs back in with their password", async ({ page }) => {
  const email = uniqueEmail("signup");
  await signUp(page, email);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("account-user-id")).toHaveText(/^[0-9a-f-]{36}$/);

  await signOut(page);
  await expect(page.getByText("You have been signed out.")).toBeVisible();

  await signIn(page, email);
  // Without an organization, home is onboarding.
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByText(/^Password, since /)).toBeVisible();
});

test("a wrong password and an unknown email get the same error", async ({ page }) => {
  const email = uniqueEmail("wrong-password");
  await signUp(page, email);
  await signOut(page);

  await signIn(page, email, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  // The email stays filled in for the next try; the password does not.
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Password")).toHaveValue("");

  // Same answer for an address with no account; submitted from the keyboard this time.
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Password").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(/^nobody-/);
});

test("a magic link asked for an unknown address reveals nothing", async ({ page }) => {
  const email = uniqueEmail("stranger");
  await page.goto("/magic-link");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${email} has a Spendguard account`);
});

test("sign-up shows the server's reason for a weak password and checks the confirmation", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Work email").fill(uniqueEmail("weak"));
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("shorter");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The passwords don't match.")).toBeVisible();

  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/at least 8 characters/i)).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("a magic link from the outbox signs the user in", async ({ page }) => {
  const email = uniqueEmail("magic");
  await signUp(page, email);
  await signOut(page);

  await page.getByRole("link", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Sign in with a link" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await expect(page.getByRole("status")).toContainText(email);

  await followNewestEmailLink(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByText(/^Email link, since /)).toBeVisible();
});

test("signed-out visitors are sent to the login page and back", async ({ page }) => {
  const email = uniqueEmail("redirect");
  await signUp(page, email);
  await signOut(page);

  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/account$/);

  // Signed in, the login page is skipped.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/onboarding$/);
});

test("a next destination on another site is ignored after sign-in", async ({ page }) => {
  const email = uniqueEmail("offsite");
  await signUp(page, email);
  await signOut(page);

  for (const next of ["https://evil.example/steal", "//evil.example", "/\\evil.example"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await signIn(page, email);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/onboarding$/);
    await signOut(page);
  }
});

test("the dev outbox and the health check are reachable on the local stack", async ({ page, request }) => {
  const response = await page.goto("/dev/outbox");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Dev outbox" })).toBeVisible();

  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });
});

test("a forgotten password is reset through the emailed link", async ({ page }) => {
  const email = uniqueEmail("reset");
  await signUp(page, email);
  await signOut(page);

  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account exists for ${email}`);

  await followNewestEmailLink(page, email);
  await expect(page).toHaveURL(/\/reset-password$/);
  const newPassword = "a-brand-new-passphrase";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/account\?notice=password-updated$/);
  await expect(page.getByText("Your password has been updated.")).toBeVisible();

  await signOut(page);
  await signIn(page, email, newPassword);
  await expect(page).toHaveURL(/\/onboarding$/);
});

test("a used or made-up email link sends the user back with a clear message", async ({ page }) => {
  await page.goto("/auth/confirm?token_hash=made-up&type=magiclink&next=/account");
  await expect(page).toHaveURL(/\/login\?notice=link-(expired|invalid)$/);
  await expect(page.getByRole("alert").filter({ hasText: "Request a new one" })).toBeVisible();

  await page.goto("/auth/confirm?type=magiclink");
  await expect(page).toHaveURL(/\/login\?notice=link-invalid$/);
});
