"use client";

import { Plus } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { PriceOverrideRow } from "@/lib/services/pricing/pricing-rows";
import { OverrideForm, type OverrideFormMode } from "./override-form";
import { OverrideList } from "./override-list";

/** What the page's address asks the form to open with (the links under "Unpriced usage"). */
export type OverrideDraft = Extract<OverrideFormMode, { kind: "new" }>;

type NegotiatedPricesProps = {
  orgSlug: string;
  canEdit: boolean;
  baseCurrency: string;
  today: string;
  currencies: { value: string; label: string }[];
  rateCurrencies: string[];
  overrides: PriceOverrideRow[];
  draft: OverrideDraft | null;
};

export function NegotiatedPrices({ orgSlug, canEdit, baseCurrency, today, currencies, rateCurrencies, overrides, draft }: NegotiatedPricesProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [mode, setMode] = useState<OverrideFormMode | null>(canEdit ? draft : null);
  const [notice, setNotice] = useState<string | null>(null);
  // A new address (a link followed on this page) opens the form it names.
  const draftKey = JSON.stringify(draft);
  const [shownDraft, setShownDraft] = useState(draftKey);
  if (shownDraft !== draftKey) {
    setShownDraft(draftKey);
    if (draft) {
      setNotice(null);
      setMode(canEdit ? draft : null);
    }
  }

  const close = useCallback(() => {
    setMode(null);
    if (draft) router.replace(pathname, { scroll: false });
  }, [draft, pathname, router]);
  const saved = useCallback(
    (row: PriceOverrideRow) => {
      setNotice(`Saved the price of ${row.service} / ${row.model} from ${row.effectiveDay}. The usage it covers is being re-priced.`);
      close();
    },
    [close],
  );

  function open(next: OverrideFormMode) {
    setNotice(null);
    setMode(next);
    // The form opens above the list: bring it into view when asked from a row further down.
    if (next.kind === "edit") document.getElementById("negotiated-prices")?.scrollIntoView({ behavior: "smooth" });
  }

  return (
    <Card id="negotiated-prices" role="region" aria-labelledby="negotiated-prices-title" className="scroll-mt-6 gap-4 pb-0">
      <CardHeader>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="grid gap-1.5">
            <CardTitle id="negotiated-prices-title">Negotiated prices</CardTitle>
            <CardDescription>
              What you pay instead of the catalog&apos;s price for one service and model, from a day on. A version lists a price for
              every unit the model is used with; a unit left out leaves those events unpriced. Before your first version of a model
              the catalog applies, from it on only your versions. Token prices are per 1M tokens.
            </CardDescription>
          </div>
          {canEdit && !mode ? (
            <Button type="button" className="shrink-0" onClick={() => open({ kind: "new", service: "", model: "", effectiveFrom: null })}>
              <Plus /> Add a price
            </Button>
          ) : null}
        </div>
        {notice ? (
          <p role="status" className="text-sm text-success" data-testid="override-saved">
            {notice}
          </p>
        ) : null}
      </CardHeader>
      {mode ? (
        <div className="border-t bg-muted/30 px-6 py-5">
          <OverrideForm
            key={mode.kind === "edit" ? mode.row.id : JSON.stringify(mode)}
            orgSlug={orgSlug}
            mode={mode}
            today={today}
            baseCurrency={baseCurrency}
            currencies={currencies}
            rateCurrencies={rateCurrencies}
            onSaved={saved}
            onCancel={close}
          />
        </div>
      ) : null}
      <OverrideList orgSlug={orgSlug} canEdit={canEdit} overrides={overrides} onEdit={(row) => open({ kind: "edit", row })} />
    </Card>
  );
}
