import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const sql = e2eSql();

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function choose(page: Page, name: string, buffer: Buffer) {
  await page.getByLabel("Choose a file").setInputFiles({ name, mimeType: name.endsWith(".gz") ? "application/gzip" : "text/csv", buffer });
}

const stat = (page: Page, testId: string) => page.getByTestId(testId).locator("dd").first();

test("an owner previews a CSV, imports it, sees the same file again only as duplicates, then imports a gzipped FOCUS bill", async ({ page }) => {
  await signUp(page, uniqueEmail("import-owner"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Import Co"));
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Import" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/import$`));
  await expect(page.getByRole("heading", { level: 1, name: "Import usage" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download a sample CSV" })).toHaveAttribute("href", "/samples/spendguard-usage-sample.csv");

  const native = Buffer.from(
    [
      "timestamp,service,model,input_tokens,output_tokens,team,tag:customer",
      `${hoursAgo(2)},openai,gpt-4o,1200,350,search,acme`,
      `${hoursAgo(2)},openai,gpt-4o,1200,350,search,acme`,
      `${hoursAgo(1)},anthropic,claude-sonnet-4-5,2000,300,support,"Globex, Inc."`,
      `${hoursAgo(1)},openai,gpt-4o,12.5,1,search,`,
    ].join("\r\n"),
  );
  await choose(page, "usage.csv", native);
  await expect(page.getByTestId("detected-format")).toHaveText("Spendguard CSV");
  await expect(stat(page, "check-ready")).toHaveText("3");
  await expect(stat(page, "check-problems")).toHaveText("1");
  await expect(page.getByTestId("preview-row")).toHaveCount(3);
  await expect(page.getByTestId("preview-row").nth(2)).toContainText("claude-sonnet-4-5");
  await expect(page.getByTestId("preview-row").nth(2)).toContainText("support");
  await expect(page.getByTestId("preview-problem")).toContainText('input_tokens: "12.5" is not a whole number.');
  await expect(page.getByTestId("problem-line")).toHaveText("Line 5");

  await page.getByRole("button", { name: "Import 3 rows" }).click();
  const outcome = page.getByTestId("import-outcome");
  await expect(outcome).toContainText("Import finished");
  await expect(stat(page, "outcome-accepted")).toHaveText("3");
  await expect(stat(page, "outcome-duplicates")).toHaveText("0");
  await expect(stat(page, "outcome-rejected")).toHaveText("1");
  const stored = await sql<{ source: string; n: number }[]>`
    select e.source, count(*)::int as n from public.usage_events e join public.organizations o on o.id = e.org_id
    where o.slug = ${slug} group by e.source`;
  expect(stored).toEqual([{ source: "import", n: 3 }]);

  // The same file again: nothing new.
  await page.getByRole("button", { name: "Import another file" }).click();
  await choose(page, "usage.csv", native);
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(outcome).toContainText("Import finished");
  await expect(stat(page, "outcome-accepted")).toHaveText("0");
  await expect(stat(page, "outcome-duplicates")).toHaveText("3");

  // A FOCUS export, gzipped as cloud exports come: costs as billed, credits left out.
  const focus = [
    "BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,ConsumedQuantity,ConsumedUnit,ProviderName,ServiceName,SkuPriceId,SubAccountName,Tags,x_UsageType",
    `0.0104,USD,Usage,${hoursAgo(3)},${hoursAgo(2)},1,Hrs,AWS,Amazon Elastic Compute Cloud,JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7,search-prod,"{""team"":""search""}",BoxUsage:t3.micro`,
    `0.022716,USD,Usage,${hoursAgo(3)},${hoursAgo(2)},0.98765432,GB-Mo,AWS,Amazon Simple Storage Service,WP9ANXZGBYYSGJEA.JRTCKXETXF.6YS6EN2CT7,search-prod,,TimedStorage-ByteHrs`,
    `-5.00,USD,Credit,${hoursAgo(3)},${hoursAgo(2)},,,AWS,Amazon Elastic Compute Cloud,,search-prod,,`,
  ].join("\n");
  await page.getByRole("button", { name: "Import another file" }).click();
  await choose(page, "focus-2026-11.csv.gz", gzipSync(Buffer.from(focus)));
  await expect(page.getByTestId("detected-format")).toHaveText("FOCUS billing export");
  await expect(stat(page, "check-cost")).toHaveText("$0.03");
  await expect(page.getByTestId("preview-problem")).toContainText("BilledCost is negative");
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(stat(page, "outcome-accepted")).toHaveText("2");
  const [{ cost }] = await sql<{ cost: string }[]>`
    select sum(e.cost)::text as cost from public.usage_events e join public.organizations o on o.id = e.org_id
    where o.slug = ${slug} and e.pricing_status = 'provided'`;
  expect(cost).toBe("0.033116");
});

test("a file that is not CSV gets an explanation, not a preview", async ({ page }) => {
  await signUp(page, uniqueEmail("import-bad"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Bad File Co"));
  await page.goto(`/${slug}/import`);
  await choose(page, "notes.csv", Buffer.from("timestamp,service,model,colour\n2026-11-01T00:00:00Z,openai,gpt-4o,blue\n"));
  await expect(page.getByTestId("file-error")).toContainText('Unknown column "colour"');
  await choose(page, "broken.csv", Buffer.from('timestamp,service,model\n2026-11-01T00:00:00Z,openai,"gpt-4o\n'));
  await expect(page.getByTestId("file-error")).toContainText("Line 2: a quoted field is opened but never closed.");

  // Dropped instead of chosen: the same check.
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["timestamp,service,model,requests\n2026-11-01T00:00:00Z,resend,email,1\n"], "dropped.csv", { type: "text/csv" }));
    return transfer;
  });
  await page.getByTestId("file-drop").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("detected-format")).toHaveText("Spendguard CSV");
  await expect(page.getByRole("button", { name: "Import 1 row" })).toBeEnabled();
});
