import { CircleCheck } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { UnpricedGroup, UnpricedSummary } from "@/lib/services/pricing/count-unpriced-events";
import { RepriceUnpricedButton } from "./reprice-unpriced-button";

/** Why events are unpriced, in words, and which fix applies (lib/core/pricing/price-usage.ts, price-event.ts). */
const REASONS: Record<string, { label: string; fix: string; action?: "price" | "rate" }> = {
  unknown_model: { label: "Unknown model", fix: "The catalog has no price for the model: add a negotiated price for it.", action: "price" },
  no_price_at_time: {
    label: "No price yet at the time",
    fix: "The events are older than the model's first price: add a negotiated price dated on or before them.",
    action: "price",
  },
  missing_unit_price: {
    label: "A unit has no price",
    fix: "The price in force has nothing for a unit these events use (cache writes, audio…): add a negotiated price listing every unit.",
    action: "price",
  },
  mixed_currency: { label: "Prices in two currencies", fix: "The model's prices mix currencies: add a negotiated price in one currency.", action: "price" },
  no_fx_rate: {
    label: "No exchange rate",
    fix: "The cost is in another currency with no rate dated on or before the event's day: add a rate.",
    action: "rate",
  },
  no_billable_quantities: { label: "Nothing to price", fix: "The events carry no priced quantity (zero tokens, say): send their quantities, or a cost." },
  invalid_input: { label: "Unreadable usage", fix: "The usage could not be read: check what your code sends." },
};

const count = new Intl.NumberFormat("en");

function reasonOf(code: string) {
  return REASONS[code] ?? { label: code, fix: "Check what your code sends for these events." };
}

type UnpricedUsageProps = { orgSlug: string; canEdit: boolean; summary: UnpricedSummary };

export function UnpricedUsage({ orgSlug, canEdit, summary }: UnpricedUsageProps) {
  return (
    <Card id="unpriced-usage" role="region" aria-labelledby="unpriced-usage-title" className="scroll-mt-6 gap-4 pb-0">
      <CardHeader>
        <CardTitle id="unpriced-usage-title">Unpriced usage</CardTitle>
        <CardDescription>
          Events without a price are kept and counted, never as 0, until a price or rate is added — then they are re-priced on their
          own.
        </CardDescription>
      </CardHeader>
      {summary.total === 0 ? (
        <p className="flex items-center gap-2 border-t px-6 py-6 text-sm text-muted-foreground" data-testid="unpriced-none">
          <CircleCheck className="size-4 text-success" aria-hidden /> Every event has a price.
        </p>
      ) : (
        <>
          <CardContent className="grid gap-4">
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums" data-testid="unpriced-total">
                {count.format(summary.total)}
              </span>{" "}
              unpriced {summary.total === 1 ? "event" : "events"}
            </p>
            <ul className="grid gap-2 text-sm" aria-label="Unpriced events by reason" data-testid="unpriced-reasons">
              {summary.byReason.map(({ reason, events }) => (
                <li key={reason} className="grid gap-0.5">
                  <p className="font-medium">
                    {reasonOf(reason).label}: {count.format(events)}
                  </p>
                  <p className="text-muted-foreground">{reasonOf(reason).fix}</p>
                </li>
              ))}
            </ul>
          </CardContent>
          <GroupList orgSlug={orgSlug} canEdit={canEdit} groups={summary.groups} />
        </>
      )}
      {canEdit ? (
        <div className="grid gap-2 border-t px-6 py-4 sm:grid-cols-[1fr_auto] sm:items-center">
          <p className="text-sm text-muted-foreground">
            After the catalog is updated, price everything still unpriced again. Changing a price or a rate re-prices on its own.
          </p>
          <RepriceUnpricedButton orgSlug={orgSlug} />
        </div>
      ) : null}
    </Card>
  );
}

const COLUMNS = "lg:grid lg:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_4.5rem_11.5rem_7.5rem] lg:items-center lg:gap-4";

function GroupList({ orgSlug, canEdit, groups }: { orgSlug: string; canEdit: boolean; groups: UnpricedGroup[] }) {
  return (
    <div className="border-t">
      <div className={`hidden border-b px-6 py-2 text-xs font-medium text-muted-foreground uppercase ${COLUMNS}`} aria-hidden>
        <span>Service / model</span>
        <span>Reason</span>
        <span className="text-right">Events</span>
        <span>When</span>
        <span />
      </div>
      <ul className="divide-y" aria-label="Unpriced events by model" data-testid="unpriced-groups">
        {groups.map((group) => (
          <li key={`${group.reason} ${group.service} ${group.model} ${group.currency}`} className={`grid gap-1 px-6 py-3 text-sm ${COLUMNS}`} data-testid="unpriced-group">
            <p className="font-medium [overflow-wrap:anywhere]">
              {group.service} / {group.model}
              {group.currency ? <span className="font-normal text-muted-foreground"> · costs in {group.currency}</span> : null}
            </p>
            <p className="text-muted-foreground">{reasonOf(group.reason).label}</p>
            <p className="tabular-nums lg:text-right">
              {count.format(group.events)}
              <span className="text-muted-foreground lg:hidden"> {group.events === 1 ? "event" : "events"}</span>
            </p>
            <p className="whitespace-nowrap text-muted-foreground">{group.firstDay === group.lastDay ? group.firstDay : `${group.firstDay} – ${group.lastDay}`}</p>
            {canEdit ? <div className="pt-1 lg:justify-self-end lg:pt-0"><FixLink orgSlug={orgSlug} group={group} /></div> : <span />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Opens the form that fixes the group, filled in: a price from the first event's day, or a rate dated on or before it. */
function FixLink({ orgSlug, group }: { orgSlug: string; group: UnpricedGroup }) {
  const action = reasonOf(group.reason).action;
  const base = `/${encodeURIComponent(orgSlug)}/settings/prices`;
  if (action === "price") {
    const query = new URLSearchParams({ add: "1", service: group.service, model: group.model, from: group.firstDay });
    return (
      <Button asChild variant="outline" size="sm">
        <Link href={`${base}?${query}#negotiated-prices`} aria-label={`Add a price for ${group.service} / ${group.model}`}>
          Add a price
        </Link>
      </Button>
    );
  }
  if (action === "rate" && group.currency) {
    const query = new URLSearchParams({ rate: group.currency, rateDay: group.firstUtcDay });
    return (
      <Button asChild variant="outline" size="sm">
        <Link href={`${base}?${query}#exchange-rates`} aria-label={`Add a ${group.currency} rate`}>
          Add a rate
        </Link>
      </Button>
    );
  }
  return null;
}
