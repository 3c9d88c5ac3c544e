"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useActionState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FxRateList as FxRates } from "@/lib/services/pricing/list-fx-rates";
import type { FxRateRow } from "@/lib/services/pricing/pricing-rows";
import { ActionStatus } from "../members/action-status";
import { deleteFxRate } from "./actions";

const COLUMNS = "sm:grid sm:grid-flow-row sm:grid-cols-[5rem_7rem_minmax(0,1fr)_5.5rem_7.5rem] sm:items-center sm:gap-4";

type FxRateListProps = { orgSlug: string; canEdit: boolean; baseCurrency: string; list: FxRates; onEdit: (row: FxRateRow) => void };

export function FxRateList({ orgSlug, canEdit, baseCurrency, list, onEdit }: FxRateListProps) {
  if (list.rates.length === 0) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-rates">
        No exchange rates yet. None are needed while every cost is in {baseCurrency}.
      </p>
    );
  }
  return (
    <div className="border-t">
      <div className={`hidden border-b px-6 py-2 text-xs font-medium text-muted-foreground uppercase ${COLUMNS}`} aria-hidden>
        <span>Currency</span>
        <span>From</span>
        <span>Rate</span>
        <span>Source</span>
        <span />
      </div>
      <ul className="divide-y" aria-label="Exchange rates" data-testid="rate-list">
        {list.rates.map((row) => (
          <RateRow key={row.id} orgSlug={orgSlug} canEdit={canEdit} baseCurrency={baseCurrency} row={row} onEdit={() => onEdit(row)} />
        ))}
      </ul>
      {list.total > list.rates.length ? (
        <p className="border-t px-6 py-3 text-xs text-muted-foreground">
          Showing the newest {list.rates.length} of {list.total.toLocaleString("en")} rates
          {list.currency ? "" : "; choose a currency above to see its own"}.
        </p>
      ) : null}
    </div>
  );
}

function RateRow({ orgSlug, canEdit, baseCurrency, row, onEdit }: { orgSlug: string; canEdit: boolean; baseCurrency: string; row: FxRateRow; onEdit: () => void }) {
  const [state, remove] = useActionState(deleteFxRate, null);
  const label = `${row.currency} rate of ${row.rateDate}`;
  return (
    <li className={`grid grid-flow-row-dense grid-cols-[auto_1fr_auto] items-center gap-x-3 gap-y-2 px-6 py-3 text-sm ${COLUMNS}`} data-testid="rate-row">
      <span className="font-medium">{row.currency}</span>
      <time dateTime={row.rateDate} className="text-muted-foreground sm:text-foreground">
        {row.rateDate}
      </time>
      <span className="col-span-3 font-mono text-xs [overflow-wrap:anywhere] sm:col-span-1">
        1 {row.currency} = {row.rate} {baseCurrency}
      </span>
      <Badge variant="outline" className="justify-self-start">
        {row.source === "import" ? "Imported" : "Manual"}
      </Badge>
      {canEdit ? (
        <div className="col-span-3 grid gap-1 sm:col-span-1 sm:justify-items-end">
          <div className="flex gap-2">
            <Button type="button" variant="outline" size="sm" onClick={onEdit} aria-label={`Edit the ${label}`}>
              <Pencil /> Edit
            </Button>
            <form action={remove}>
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="fxRateId" value={row.id} />
              <ConfirmDialog
                trigger={
                  <>
                    <Trash2 /> <span className="sr-only">Delete the {label}</span>
                  </>
                }
                title={`Delete the ${label}?`}
                description={`Usage in ${row.currency} that used it is re-priced with the rate before it, or left unpriced if there is none.`}
                confirmLabel="Delete rate"
              />
            </form>
          </div>
          <ActionStatus state={state} />
        </div>
      ) : null}
    </li>
  );
}
