"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useActionState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { UNIT_ENTRY, entryPrices } from "@/lib/services/pricing/price-units";
import type { PriceOverrideRow, PriceOverrideStatus } from "@/lib/services/pricing/pricing-rows";
import { ActionStatus } from "../members/action-status";
import { deletePriceOverride } from "./actions";

const STATUS: Record<PriceOverrideStatus, { label: string; variant: "default" | "secondary" | "outline" }> = {
  current: { label: "In force", variant: "default" },
  scheduled: { label: "Scheduled", variant: "secondary" },
  superseded: { label: "Superseded", variant: "outline" },
};

// One grid for the header and the rows: columns side by side on wide screens, stacked below.
const COLUMNS = "lg:grid lg:grid-cols-[minmax(0,1.2fr)_6.5rem_minmax(0,1.8fr)_minmax(0,1fr)_7.5rem] lg:gap-4";

type OverrideListProps = { orgSlug: string; canEdit: boolean; overrides: PriceOverrideRow[]; onEdit: (row: PriceOverrideRow) => void };

export function OverrideList({ orgSlug, canEdit, overrides, onEdit }: OverrideListProps) {
  if (overrides.length === 0) {
    return (
      <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-overrides">
        No negotiated prices yet: all usage is priced from the catalog.
        {canEdit ? " Add one when you pay a different rate, or for a model or SKU the catalog doesn't know." : ""}
      </p>
    );
  }
  return (
    <div className="border-t">
      <div className={`hidden border-b px-6 py-2 text-xs font-medium text-muted-foreground uppercase ${COLUMNS}`} aria-hidden>
        <span>Service / model</span>
        <span>From</span>
        <span>Unit prices</span>
        <span>Note</span>
        <span />
      </div>
      <ul className="divide-y" aria-label="Negotiated prices" data-testid="override-list">
        {overrides.map((row) => (
          <OverrideRow key={row.id} orgSlug={orgSlug} canEdit={canEdit} row={row} onEdit={() => onEdit(row)} />
        ))}
      </ul>
    </div>
  );
}

function OverrideRow({ orgSlug, canEdit, row, onEdit }: { orgSlug: string; canEdit: boolean; row: PriceOverrideRow; onEdit: () => void }) {
  const [state, remove] = useActionState(deletePriceOverride, null);
  const status = STATUS[row.status];
  const name = `${row.service} / ${row.model}`;
  return (
    <li className={`grid gap-2 px-6 py-4 text-sm ${COLUMNS}`} data-testid="override-row">
      <div className="min-w-0">
        <p className="font-medium [overflow-wrap:anywhere]">{name}</p>
        <Badge variant={status.variant} className="mt-1">
          {status.label}
        </Badge>
      </div>
      <p>
        <span className="text-muted-foreground lg:hidden">From </span>
        <time dateTime={new Date(row.effectiveFrom).toISOString()}>{row.effectiveDay}</time>
      </p>
      <ul className="grid gap-1" aria-label={`Unit prices of ${name} from ${row.effectiveDay}`}>
        {entryPrices(row.unitPrices).map(({ unit, price }) => (
          <li key={unit} className="flex flex-wrap items-baseline gap-x-2">
            <span className="text-muted-foreground">{UNIT_ENTRY[unit].label}</span>
            <span className="font-mono text-xs [overflow-wrap:anywhere]">
              {price} {row.currency} / {UNIT_ENTRY[unit].per}
            </span>
          </li>
        ))}
      </ul>
      <p className="text-muted-foreground [overflow-wrap:anywhere]">{row.note ?? <span className="lg:hidden">No note</span>}</p>
      {canEdit ? (
        <div className="grid gap-1 lg:justify-items-end">
          <div className="flex gap-2">
            <Button type="button" variant="outline" size="sm" onClick={onEdit} aria-label={`Edit ${name} from ${row.effectiveDay}`}>
              <Pencil /> Edit
            </Button>
            <form action={remove}>
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="overrideId" value={row.id} />
              <ConfirmDialog
                trigger={
                  <>
                    <Trash2 /> <span className="sr-only">Delete {name} from {row.effectiveDay}</span>
                  </>
                }
                title={`Delete the price of ${name} from ${row.effectiveDay}?`}
                description="The usage it priced is re-priced with the version before it, or the catalog before your first version — or left unpriced if neither has a price."
                confirmLabel="Delete price"
              />
            </form>
          </div>
          <ActionStatus state={state} />
        </div>
      ) : null}
    </li>
  );
}
