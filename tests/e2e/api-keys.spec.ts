import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("an owner creates a key, sees its secret once, and revokes it", async ({ page }) => {
  await signUp(page, uniqueEmail("keys-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Keys Co"));
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/api-keys$`));
  await expect(page.getByTestId("no-keys")).toBeVisible();

  // Nothing chosen: field errors, no key.
  await page.getByLabel("ingest").uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();
  await expect(page.getByText("Choose at least one scope.")).toBeVisible();

  await page.getByLabel("Name").fill("Production ingest");
  await page.getByLabel("ingest").check();
  await page.getByLabel("check").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByTestId("secret-reveal");
  await expect(reveal).toContainText("you won’t see it again");
  const secret = (await page.getByTestId("secret-value").textContent()) ?? "";
  expect(secret).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);

  const row = page.getByTestId("key-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Production ingest");
  await expect(row).toContainText(`${secret.slice(0, 11)}…`);
  await expect(row).toContainText("never used");
  const [stored] = await sql`
    select s.secret_hash from private.api_key_secrets s join public.api_keys k on k.id = s.api_key_id
    join public.organizations o on o.id = k.org_id where o.slug = ${slug}`;
  expect(stored.secret_hash).toBe(createHash("sha256").update(secret).digest("hex"));

  // Once: a reload shows the key, never the secret again.
  await page.reload();
  await expect(page.getByTestId("secret-reveal")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);
  await expect(page.getByTestId("key-row")).toContainText("Production ingest");

  await page.getByTestId("key-row").getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “Production ingest”?" });
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("key-row")).toContainText("Revoked");
  await expect(page.getByTestId("key-row").getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(page.getByText("0 active keys")).toBeVisible();
});

test("a viewer learns whom to ask and cannot create keys", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("keys-admin"));
  const name = uniqueOrgName("Viewer Co");
  const slug = await createOrgThroughOnboarding(page, name);

  const viewerEmail = uniqueEmail("keys-viewer");
  const viewer = await browser.newPage();
  await signUp(viewer, viewerEmail);
  await sql`
    insert into public.memberships (org_id, user_id, role)
    select o.id, u.id, 'viewer' from public.organizations o, auth.users u where o.slug = ${slug} and u.email = ${viewerEmail}`;
  await viewer.goto(`/${slug}/settings/api-keys`);
  await expect(viewer.getByTestId("keys-admin-only")).toContainText(`Ask an admin of ${name}`);
  await expect(viewer.getByTestId("create-key-form")).toHaveCount(0);
  await expect(viewer.getByTestId("key-row")).toHaveCount(0);
  await viewer.close();
});

test("the API describes itself at /api/v1/openapi.json", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = await response.json();
  expect(document).toMatchObject({
    openapi: "3.1.0",
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
  });
  expect(document.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
});
