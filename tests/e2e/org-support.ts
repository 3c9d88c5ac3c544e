/** What the org-* specs share: the e2e stack's database as superuser, and org setup through the pages. */
import { expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { dbPassword, dbSuperuser } from "../../supabase/local/config.ts";
import { e2ePorts } from "../helpers/ports.ts";

let shared: ReturnType<typeof postgres> | undefined;

/**
 * One client per Playwright worker, never ended by a spec: with fullyParallel a worker can run
 * more tests of a file after that file's afterAll. Idle connections close on their own, so the
 * worker exits cleanly.
 */
export function e2eSql() {
  shared ??= postgres({
    host: "127.0.0.1", port: e2ePorts.db, database: "postgres",
    username: dbSuperuser, password: dbPassword, max: 2, idle_timeout: 2, onnotice: () => {},
  });
  return shared;
}

export function uniqueOrgName(label: string): string {
  return `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Creates an organization through onboarding; returns its slug once its dashboard is open. */
export async function createOrgThroughOnboarding(page: Page, name: string): Promise<string> {
  await page.goto("/onboarding");
  await page.getByLabel("Organization name").fill(name);
  const slug = await page.getByLabel("URL name").inputValue();
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/dashboard$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return slug;
}

/** The accept link of the newest invitation email to `email`, read from the local outbox. */
/** Creates an API key with exactly these scopes on the settings page, as its admin would, and returns the secret shown once. */
export async function createKeyThroughSettings(page: Page, slug: string, scopes: string[], name = "e2e key"): Promise<string> {
  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill(name);
  for (const scope of ["ingest", "read", "write", "check"]) await page.getByLabel(scope).setChecked(scopes.includes(scope));
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("secret-value").textContent()) ?? "";
}

export async function invitationLink(sql: postgres.Sql, email: string): Promise<string> {
  const [row] = await sql<{ body_text: string }[]>`
    select body_text from local_dev.outbox where recipient = ${email} and source = 'invitations' order by id desc limit 1`;
  const link = row?.body_text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no invitation email to ${email}`);
  return new URL(link).pathname;
}
