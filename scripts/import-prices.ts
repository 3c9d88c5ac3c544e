/**
 * Imports the genai-prices LLM price feed into Spendguard's catalog format and writes it into the
 * repo (supabase/seed-data/price-catalog.genai-prices.json), so the repo does not depend on the
 * source file being around. Prints counts and every skipped model with its reason.
 *
 *   node scripts/import-prices.ts [path/to/data.json] [--version "47df840 (2026-08-21)"] [--out file]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { convertGenaiPrices } from "../lib/core/pricing/genai-prices.ts";
import { parseCatalog, type PriceCatalog } from "../lib/core/pricing/catalog.ts";

const root = path.resolve(import.meta.dirname, "..");
const DEFAULT_SOURCE = path.resolve(root, "../shared/data/genai-prices/data.json");
const DEFAULT_OUT = path.join(root, "supabase/seed-data/price-catalog.genai-prices.json");
// The snapshot in ../shared/data/genai-prices (see its README): commit and date of the feed.
const DEFAULT_VERSION = "47df840 (2026-08-21)";

/** One model per line: small diffs when a later import changes a few prices. */
function serialize(catalog: PriceCatalog): string {
  const models = catalog.models.map((model) => `    ${JSON.stringify(model)}`).join(",\n");
  return [
    "{",
    `  "format": ${JSON.stringify(catalog.format)},`,
    `  "fallbackProviders": ${JSON.stringify(catalog.fallbackProviders ?? {})},`,
    `  "models": [\n${models}\n  ]`,
    "}",
    "",
  ].join("\n");
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { version: { type: "string", default: DEFAULT_VERSION }, out: { type: "string", default: DEFAULT_OUT } },
  });
  const source = positionals[0] ? path.resolve(positionals[0]) : DEFAULT_SOURCE;
  const { catalog, report } = convertGenaiPrices(JSON.parse(readFileSync(source, "utf8")), values.version);
  parseCatalog(catalog); // never write a catalog the app would refuse to load
  writeFileSync(values.out, serialize(catalog));

  console.log(`source   ${source} (genai-prices ${values.version})`);
  console.log(`written  ${path.relative(process.cwd(), values.out)}`);
  console.log(`providers ${report.providers}, models ${report.models}, prices ${report.prices}, skipped ${report.skipped.length}`);
  const byReason = new Map<string, number>();
  for (const s of report.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  for (const [reason, count] of byReason) console.log(`  skipped ${count} × ${reason}`);
  for (const s of report.skipped) console.log(`    ${s.provider}/${s.model}: ${s.reason}`);
}

main();
