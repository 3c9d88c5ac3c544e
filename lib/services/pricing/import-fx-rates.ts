/**
 * Imports exchange rates from CSV text (admins and owners): every row is checked (fx-rates-csv.ts),
 * problems are reported by line, and the good rows are written in one transaction — new days
 * added, existing days updated when the rate differs (then marked as imported), equal ones left
 * alone so a re-import queues no repricing.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { supportedCurrencies } from "@/lib/tenancy/intl-options";
import { isAtLeast } from "@/lib/tenancy/roles";
import { readFxRatesCsv, type FxCsvProblem } from "./fx-rates-csv";
import { ImportFxRatesInput } from "./schemas";

export type FxImportResult = { added: number; updated: number; unchanged: number; problems: FxCsvProblem[] };

export async function importFxRates(ctx: OrgContext, input: { csv: string }): Promise<FxImportResult> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change exchange rates.");
  const { csv } = parseInput(ImportFxRatesInput, input);
  const { rows, problems } = readFxRatesCsv(csv, ctx.org.baseCurrency, new Set(supportedCurrencies()));
  if (rows.length === 0) return { added: 0, updated: 0, unchanged: 0, problems };

  const written = await asActor(ctx.actor, (tx) => tx<{ added: boolean }[]>`
    insert into public.fx_rates as f (org_id, currency, rate_date, rate, source)
    select ${ctx.org.id}, r.currency, r.rate_date, r.rate, 'import'
    from jsonb_to_recordset(${tx.json(rows.map(({ currency, rateDate, rate }) => ({ currency, rate_date: rateDate, rate })))})
      as r(currency text, rate_date date, rate numeric)
    on conflict on constraint fx_rates_org_currency_date_key
      do update set rate = excluded.rate, source = 'import' where f.rate <> excluded.rate
    returning (xmax = 0) as added`);
  const added = written.filter((row) => row.added).length;
  return { added, updated: written.length - added, unchanged: rows.length - written.length, problems };
}
