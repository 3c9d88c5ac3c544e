/** GET ?service=&model= → what the override form starts from (lookupCatalogPrices), for any member. */
import { lookupCatalogPrices } from "@/lib/services/pricing/lookup-catalog-prices";
import { CatalogPricesQuery } from "@/lib/services/pricing/schemas";
import { orgRoute } from "@/lib/actions/org-route";

export const GET = orgRoute({ schema: CatalogPricesQuery, handler: lookupCatalogPrices });
