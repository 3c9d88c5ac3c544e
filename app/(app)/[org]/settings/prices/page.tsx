import { Info } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { ServiceError } from "@/lib/services/errors";
import { countUnpricedEvents } from "@/lib/services/pricing/count-unpriced-events";
import { listFxRates } from "@/lib/services/pricing/list-fx-rates";
import { listPriceOverrides } from "@/lib/services/pricing/list-price-overrides";
import { listRepriceJobs } from "@/lib/services/pricing/list-reprice-jobs";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { currencyOptions } from "@/lib/tenancy/select-options";
import { firstValue, type SearchParams } from "@/lib/utils";
import { PageHeader } from "../../_components/page-header";
import { ExchangeRates } from "./exchange-rates";
import { NegotiatedPrices, type OverrideDraft } from "./negotiated-prices";
import { Repricing } from "./repricing";
import { SectionProblem } from "./section-problem";
import { UnpricedUsage } from "./unpriced-usage";

export const metadata: Metadata = { title: "Prices" };

type Loaded<T> = { data: T; problem: null } | { data: null; problem: string };

/** One section's data, or the message to show in its place: one failing section doesn't take the page down. */
async function load<T>(read: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { data: await read(), problem: null };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { data: null, problem: error.message };
  }
}

/** Today in a time zone, as YYYY-MM-DD (what a date input holds). */
function dayIn(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** `?add=1&service=…&model=…&from=…` (the links under "Unpriced usage") opens the form for a new version, filled in. */
function overrideDraft(query: SearchParams): OverrideDraft | null {
  if (!firstValue(query.add)) return null;
  return { kind: "new", service: firstValue(query.service) ?? "", model: firstValue(query.model) ?? "", effectiveFrom: firstValue(query.from) ?? null };
}

export default async function PricesPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const query = await searchParams;
  const canEdit = isAtLeast(org.role, "admin");
  const [overrides, rates, unpriced, jobs] = await Promise.all([
    load(() => listPriceOverrides(ctx)),
    load(() => listFxRates(ctx, { currency: firstValue(query.fx) })),
    load(() => countUnpricedEvents(ctx)),
    load(() => listRepriceJobs(ctx)),
  ]);
  const currencies = currencyOptions();
  const rateCurrency = firstValue(query.rate);
  const rateDay = firstValue(query.rateDay);

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader
        title="Prices"
        description={`The negotiated prices and exchange rates this organization's spend is computed with, in ${org.baseCurrency}. Changing them re-prices past usage.`}
      />
      {canEdit ? null : (
        <Alert data-testid="prices-read-only">
          <Info />
          <AlertDescription>Only admins and owners can change prices and rates. You see what spend is computed with.</AlertDescription>
        </Alert>
      )}

      {unpriced.problem !== null ? (
        <SectionProblem id="unpriced-usage" title="Unpriced usage" problem={unpriced.problem} />
      ) : (
        <UnpricedUsage orgSlug={org.slug} canEdit={canEdit} summary={unpriced.data} />
      )}

      {overrides.problem !== null ? (
        <SectionProblem id="negotiated-prices" title="Negotiated prices" problem={overrides.problem} />
      ) : (
        <NegotiatedPrices
          orgSlug={org.slug}
          canEdit={canEdit}
          baseCurrency={org.baseCurrency}
          today={dayIn(org.timezone)}
          currencies={currencies}
          rateCurrencies={rates.data?.currencies.map((summary) => summary.currency) ?? []}
          overrides={overrides.data}
          draft={overrideDraft(query)}
        />
      )}

      {rates.problem !== null ? (
        <SectionProblem id="exchange-rates" title="Exchange rates" problem={rates.problem} />
      ) : (
        <ExchangeRates
          orgSlug={org.slug}
          canEdit={canEdit}
          baseCurrency={org.baseCurrency}
          today={dayIn("UTC")}
          currencies={currencies.filter((option) => option.value !== org.baseCurrency)}
          list={rates.data}
          draft={rateCurrency ? { currency: rateCurrency, rateDate: rateDay ?? null } : null}
        />
      )}

      {jobs.problem !== null ? (
        <SectionProblem id="repricing" title="Repricing" problem={jobs.problem} />
      ) : (
        <Repricing orgSlug={org.slug} canRun={canEdit} timeZone={org.timezone} jobs={jobs.data} />
      )}
    </div>
  );
}
