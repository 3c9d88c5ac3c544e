/**
 * The price catalog ingest prices with: the committed JSON (hand-written entries first, then the
 * genai-prices import — earlier wins), parsed once per process. Per-org overrides come later.
 */
import "server-only";
import { mergeCatalogs, parseCatalog, type PriceCatalog } from "@/lib/core/pricing/catalog";
import genaiPrices from "@/supabase/seed-data/price-catalog.genai-prices.json";
import manualPrices from "@/supabase/seed-data/price-catalog.manual.json";

let catalog: PriceCatalog | undefined;

export function priceCatalog(): PriceCatalog {
  catalog ??= mergeCatalogs(parseCatalog(manualPrices), parseCatalog(genaiPrices));
  return catalog;
}
