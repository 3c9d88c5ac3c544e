"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { FxRateList } from "@/lib/services/pricing/list-fx-rates";
import type { FxRateRow } from "@/lib/services/pricing/pricing-rows";
import { cn } from "@/lib/utils";
import { FxImportForm } from "./fx-import-form";
import { FxRateForm, type FxRateFormMode } from "./fx-rate-form";
import { FxRateList as RateList } from "./fx-rate-list";

type ExchangeRatesProps = {
  orgSlug: string;
  canEdit: boolean;
  baseCurrency: string;
  /** Today's UTC day: rates are dated in UTC days. */
  today: string;
  currencies: { value: string; label: string }[];
  list: FxRateList;
  /** From the address (`?rate=USD&rateDay=…`, a link from "Unpriced usage"). */
  draft: { currency: string; rateDate: string | null } | null;
};

export function ExchangeRates({ orgSlug, canEdit, baseCurrency, today, currencies, list, draft }: ExchangeRatesProps) {
  const router = useRouter();
  const pathname = usePathname();
  const fresh = useCallback(
    (): FxRateFormMode => ({
      kind: "new",
      currency: draft?.currency ?? (baseCurrency === "USD" ? "EUR" : "USD"),
      rateDate: draft?.rateDate ?? today,
    }),
    [draft, baseCurrency, today],
  );
  const [mode, setMode] = useState<FxRateFormMode>(fresh);
  // Each save starts a fresh form (the key), so the next rate is typed into empty fields.
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const draftKey = JSON.stringify(draft);
  const [shownDraft, setShownDraft] = useState(draftKey);
  if (shownDraft !== draftKey) {
    setShownDraft(draftKey);
    if (draft) {
      setNotice(null);
      setMode(fresh());
      setFormKey((key) => key + 1);
    }
  }

  const reset = useCallback(() => {
    setMode(fresh());
    setFormKey((key) => key + 1);
    if (draft) router.replace(pathname, { scroll: false });
  }, [draft, fresh, pathname, router]);
  const saved = useCallback(
    (row: FxRateRow) => {
      setNotice(`Saved: from ${row.rateDate}, 1 ${row.currency} = ${row.rate} ${baseCurrency}. Usage in ${row.currency} is being re-priced.`);
      reset();
    },
    [baseCurrency, reset],
  );

  return (
    <Card id="exchange-rates" role="region" aria-labelledby="exchange-rates-title" className="scroll-mt-6 gap-4 pb-0">
      <CardHeader>
        <CardTitle id="exchange-rates-title">Exchange rates</CardTitle>
        <CardDescription>
          Needed only for costs in another currency than {baseCurrency}: sent with events, or from a negotiated price in another
          currency. A rate says 1 unit of a currency = so many {baseCurrency}. Each event uses the newest rate dated on or before its
          day (UTC); without one it stays unpriced until a rate is added.
        </CardDescription>
        {notice ? (
          <p role="status" className="text-sm text-success" data-testid="rate-saved">
            {notice}
          </p>
        ) : null}
      </CardHeader>
      {canEdit ? (
        <CardContent className="grid gap-6">
          <FxRateForm
            key={formKey}
            orgSlug={orgSlug}
            mode={mode}
            baseCurrency={baseCurrency}
            currencies={currencies}
            onSaved={saved}
            onCancel={mode.kind === "edit" ? reset : null}
          />
          <FxImportForm orgSlug={orgSlug} baseCurrency={baseCurrency} />
        </CardContent>
      ) : null}
      {list.currencies.length > 1 ? <CurrencyFilter list={list} /> : null}
      <RateList
        orgSlug={orgSlug}
        canEdit={canEdit}
        baseCurrency={baseCurrency}
        list={list}
        onEdit={(row) => {
          setNotice(null);
          setMode({ kind: "edit", row });
          setFormKey((key) => key + 1);
          document.getElementById("exchange-rates")?.scrollIntoView({ behavior: "smooth" });
        }}
      />
    </Card>
  );
}

/** One link per currency (with its newest rate) to show only its rates. */
function CurrencyFilter({ list }: { list: FxRateList }) {
  const pathname = usePathname();
  const chip = (active: boolean) =>
    cn("rounded-full border px-3 py-1 text-xs whitespace-nowrap", active ? "border-primary bg-primary/10 text-primary" : "text-muted-foreground hover:bg-muted");
  return (
    <nav aria-label="Rates by currency" className="flex flex-wrap gap-2 border-t px-6 py-3">
      <Link href={`${pathname}#exchange-rates`} scroll={false} className={chip(list.currency === null)} aria-current={list.currency === null ? "true" : undefined}>
        All currencies
      </Link>
      {list.currencies.map((summary) => (
        <Link
          key={summary.currency}
          href={`${pathname}?fx=${summary.currency}#exchange-rates`}
          scroll={false}
          className={chip(list.currency === summary.currency)}
          aria-current={list.currency === summary.currency ? "true" : undefined}
        >
          {summary.currency} · {summary.rates} {summary.rates === 1 ? "rate" : "rates"}
        </Link>
      ))}
    </nav>
  );
}
