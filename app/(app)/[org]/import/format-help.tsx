import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const NATIVE = [
  ["timestamp", "ISO 8601; without an offset it is UTC (2026-11-22T10:00:00Z, 2026-11-22 10:00)"],
  ["service, model", "required, as in the API (openai, gpt-4o)"],
  ["id", "your event id; leave empty and one is made from the row's content"],
  ["input_tokens … units", "whole numbers: input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, requests, messages, emails, seconds, units"],
  ["cost, currency", "optional; cost as a decimal (0.0025) with its ISO currency; otherwise priced from your prices"],
  ["team, project, environment, end_user, feature, operation", "optional labels"],
  ["latency_ms, status, error_code", "optional; error_code needs status error"],
  ["tag:<name>", "one column per tag (tag:customer)"],
] as const;

const FOCUS = [
  ["ChargePeriodStart", "timestamp"],
  ["BilledCost, BillingCurrency", "cost and currency, exactly as billed (credits are left out)"],
  ["ServiceName", "service, as a slug (amazon-elastic-compute-cloud)"],
  ["SkuPriceId, SkuId, ResourceType, ChargeDescription", "model: the first one filled"],
  ["ConsumedQuantity", "units when whole; otherwise kept in the focus.consumed_quantity tag"],
  ["SubAccountName", "project (a project tag wins)"],
  ["Tags", "tags; team, project and environment (or env) tags fill those labels"],
] as const;

/** Which columns the importer reads, in both formats; the README has the full mapping. */
export function FormatHelp() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Which files work</CardTitle>
        <CardDescription>
          UTF-8 CSV with a header row, plain or gzipped. An empty cell means “not given”. The format is recognized from the header.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 lg:grid-cols-2">
        <Columns title="Spendguard CSV" note="Columns named like the API's fields. An unknown column stops the import, so a typo is never dropped silently." rows={NATIVE} />
        <Columns title="FOCUS billing export" note="The FinOps standard export of AWS, Azure, Google Cloud and others. Columns not listed here are ignored." rows={FOCUS} />
      </CardContent>
    </Card>
  );
}

function Columns({ title, note, rows }: { title: string; note: string; rows: readonly (readonly [string, string])[] }) {
  return (
    <section className="grid content-start gap-2">
      <h3 className="font-medium">{title}</h3>
      <p className="text-sm text-muted-foreground">{note}</p>
      <dl className="grid gap-2 text-sm">
        {rows.map(([column, meaning]) => (
          <div key={column} className="grid gap-0.5">
            <dt className="font-mono text-xs leading-5 [overflow-wrap:anywhere]">{column}</dt>
            <dd className="text-muted-foreground">{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
