import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

test("a new owner loads demo data, watches it load week by week, then sees the dashboard with 30 days of spend", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail("demo-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Demo Labs"));
  await expect(page.getByText("Getting started")).toBeVisible();
  await expect(page.getByTestId("dashboard")).toHaveCount(0);

  await page.getByRole("button", { name: "Load demo data" }).click();
  const progress = page.getByRole("progressbar", { name: "Demo data loaded" });
  await expect(progress).toBeVisible();
  // Week by week: the count moves on and the bar with it.
  await expect(page.getByTestId("demo-progress")).toContainText(/Week ([2-9]|1[0-3]) of 13\./, { timeout: 60_000 });
  await expect(progress).toHaveAttribute("aria-valuenow", /^[1-9]\d*$/);

  // Visible: Next may keep a hidden copy of a page it rendered before (streaming, back/forward).
  const dashboard = page.getByTestId("dashboard").locator("visible=true");
  await expect(dashboard).toBeVisible({ timeout: 120_000 });
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Load demo data" })).toHaveCount(0);
  await expect(dashboard.getByTestId("tile-month-value")).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(dashboard.getByTestId("range-total")).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(dashboard.getByTestId("unpriced-count")).toHaveText(/^[1-9][\d,]*$/);
  await expect(dashboard.getByTestId("service-breakdown")).toContainText("openai");
  await expect(dashboard.getByTestId("service-breakdown")).toContainText("fireworks");
  await expect(dashboard.getByTestId("service-breakdown").getByRole("link", { name: "openai" })).toHaveAttribute("href", `/${slug}/explore?range=30d&service=openai`);
  await expect(dashboard.getByTestId("top-models").getByTestId("top-row")).toHaveCount(5);
  await expect(dashboard.getByTestId("feed-row").first()).toBeVisible();

  // Everything arrived once, as demo events, and the page says so after a reload too.
  const [stored] = await sql<{ events: number; sources: string[] }[]>`
    select count(*)::int as events, array_agg(distinct e.source) as sources
    from public.usage_events e join public.organizations o on o.id = e.org_id where o.slug = ${slug}`;
  expect(stored.sources).toEqual(["demo"]);
  expect(stored.events).toBeGreaterThan(20_000);
  await page.reload();
  await expect(page.getByTestId("dashboard").locator("visible=true")).toBeVisible();
});

test("a viewer of an organization without usage is asked to find an admin instead", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("demo-founder"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Quiet Co"));

  const viewerEmail = uniqueEmail("demo-viewer");
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signUp(viewer, viewerEmail);
  // As an operator would: people normally join through an invitation (tested in org-flows).
  await sql`insert into public.memberships (org_id, user_id, role)
    select o.id, u.id, 'viewer' from public.organizations o, auth.users u where o.slug = ${slug} and u.email = ${viewerEmail}`;

  await viewer.goto(`/${slug}/dashboard`);
  await expect(viewer.getByTestId("demo-data-ask-admin")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Load demo data" })).toHaveCount(0);
  await expect(viewer.getByText("Getting started")).toBeVisible();
  await expect(viewer.getByText("Ask an admin or owner for a key with the ingest scope.")).toBeVisible();
  await viewerContext.close();
});
