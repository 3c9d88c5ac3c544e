import { Badge } from "@/components/ui/badge";
import { EPOCH } from "@/lib/core/pricing/catalog";
import type { UsageEventView } from "@/lib/services/usage/explore-events";
import { SPEND_DIMENSIONS } from "@/lib/services/usage/spend-schemas";
import { formatTimestamp } from "@/lib/utils";
import { formatDay, formatLatency } from "@/components/spend/format";
import { DIMENSION_LABELS, PRICING_LABELS, unitLabel, unpricedReasonText } from "@/components/spend/labels";
import { formatMoney } from "@/lib/format-money";

/** Everything that explains one event's cost: the priced lines, or why it has none, and the conversion used. */
export function EventDetails({ event, timeZone }: { event: UsageEventView; timeZone: string }) {
  return (
    <div className="grid gap-5 text-sm md:grid-cols-2" data-testid="event-details">
      <section className="grid content-start gap-2 md:col-span-2">
        <h3 className="text-xs font-medium text-muted-foreground uppercase">Cost · {PRICING_LABELS[event.pricingStatus]}</h3>
        <CostBreakdown event={event} />
      </section>
      <section className="grid content-start gap-2">
        <h3 className="text-xs font-medium text-muted-foreground uppercase">Call</h3>
        <Facts
          facts={[
            ["Status", event.status === "error" ? `Error${event.errorCode ? ` (${event.errorCode})` : ""}` : "OK"],
            ["Latency", formatLatency(event.latencyMs)],
            ["Operation", event.operation],
            ...Object.entries(event.quantities).map(([unit, count]): [string, string] => [unitLabel(unit), Number(count).toLocaleString("en-US")]),
          ]}
        />
      </section>
      <section className="grid content-start gap-2">
        <h3 className="text-xs font-medium text-muted-foreground uppercase">Dimensions</h3>
        <Facts facts={SPEND_DIMENSIONS.map((dimension) => [DIMENSION_LABELS[dimension], event.dimensions[dimension]])} />
        {Object.keys(event.tags).length ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
            {Object.entries(event.tags).map(([key, value]) => (
              <li key={key}>
                <Badge variant="outline" className="font-mono whitespace-normal [overflow-wrap:anywhere]">
                  {key}={value}
                </Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="grid content-start gap-2 md:col-span-2">
        <h3 className="text-xs font-medium text-muted-foreground uppercase">Record</h3>
        <Facts
          facts={[
            ["Event id", event.clientEventId],
            ["Arrived", `${formatTimestamp(new Date(event.receivedAt), timeZone)} via ${event.source === "api" ? "the API" : event.source}`],
          ]}
        />
      </section>
    </div>
  );
}

function CostBreakdown({ event }: { event: UsageEventView }) {
  const lines = event.priceLines;
  return (
    <div className="grid gap-2">
      {event.pricingStatus === "unpriced" ? (
        <p className="rounded-md border border-amber-500/40 bg-amber-500/5 px-3 py-2" data-testid="unpriced-reason">
          {unpricedReasonText(event.unpricedReason)}
        </p>
      ) : null}
      {event.pricingStatus === "provided" ? <p className="text-muted-foreground">The client sent this cost with the event.</p> : null}
      {lines ? (
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full text-sm" data-testid="price-lines">
            <thead className="bg-muted/50 text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">Unit</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Quantity</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Unit price ({lines.currency})</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Amount ({lines.currency})</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {lines.lines.map((line) => (
                <tr key={`${line.unit}-${line.aboveInputTokens ?? 0}`} data-testid="price-line">
                  <td className="px-3 py-2">
                    {unitLabel(line.unit)}
                    {line.aboveInputTokens ? <span className="block text-xs text-muted-foreground">above {line.aboveInputTokens.toLocaleString("en-US")} input tokens</span> : null}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{line.quantity.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2 text-right font-mono text-xs">{line.unitPrice}</td>
                  <td className="px-3 py-2 text-right font-mono text-xs">{line.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {lines ? (
        <p className="text-xs text-muted-foreground">
          {lines.catalogProvider} / {lines.catalogModel}, prices effective from{" "}
          {Date.parse(lines.effectiveFrom) === Date.parse(EPOCH) ? "the catalog's first version" : formatDay(lines.effectiveFrom.slice(0, 10))} ·{" "}
          {[...new Set(lines.lines.map((line) => `${line.source} ${line.sourceVersion}`))].join(", ")}
        </p>
      ) : null}
      {event.fxRate && event.originalCost && event.originalCurrency ? (
        <p data-testid="fx-conversion">
          Converted from {event.originalCost} {event.originalCurrency} at {event.fxRate} {event.currency} per {event.originalCurrency}
          {event.fxRateDate ? ` (rate of ${formatDay(event.fxRateDate)})` : ""}.
        </p>
      ) : null}
      {!event.fxRate && event.originalCost && event.originalCurrency && event.originalCurrency !== event.currency ? (
        <p>
          Original amount: {event.originalCost} {event.originalCurrency}.
        </p>
      ) : null}
      {event.cost !== null ? (
        <p className="font-medium">
          Cost: <span className="font-mono">{event.cost} {event.currency}</span>{" "}
          <span className="font-normal text-muted-foreground">({formatMoney(event.cost, event.currency)})</span>
        </p>
      ) : null}
    </div>
  );
}

function Facts({ facts }: { facts: [string, string | null][] }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="[overflow-wrap:anywhere]">{value ?? <span className="text-muted-foreground">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
