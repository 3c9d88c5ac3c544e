/** zod schemas of what the pricing verbs accept; actions extend them with `orgSlug`. */
import { z } from "zod";
import { unitSchema } from "@/lib/core/usage/quantities";
import { currencyField, uuidField } from "@/lib/services/organizations/schemas";
import { fromEntryPrice } from "./price-units";

export const serviceField = z
  .string({ error: "Enter the service." })
  .trim()
  .toLowerCase()
  .min(1, "Enter the service.")
  .max(64, "Keep the service to 64 characters.")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use the service name your events send: lowercase letters, digits, dots, dashes and underscores.");

export const modelField = z
  .string({ error: "Enter the model." })
  .trim()
  .min(1, "Enter the model.")
  .max(200, "Keep the model to 200 characters.");

export const dayField = z.iso.date({ error: "Use a date like 2026-01-31." });

const noteField = z
  .string()
  .trim()
  .max(500, "Keep the note to 500 characters.")
  .nullish()
  .transform((note) => note || null);

const ENTERED_PRICE = /^\d+(\.\d+)?$/;
// The database's rule for a stored per-unit price (private.are_valid_unit_prices).
const STORED_PRICE = /^\d{1,12}(\.\d{1,20})?$/;

/**
 * Unit → price as entered (per 1M tokens for token units, see price-units.ts), checked one by one
 * with each error on `price_<unit>` (the form's field), and converted to stored per-unit prices.
 */
const pricesField = z.record(z.string(), z.string({ error: "Enter a price." }));

function toUnitPrices(prices: Record<string, string>, ctx: z.RefinementCtx): Record<string, string> {
  const entries = Object.entries(prices);
  if (entries.length === 0) ctx.addIssue({ code: "custom", path: ["prices"], message: "Enter at least one unit price." });
  const unitPrices: Record<string, string> = {};
  for (const [name, raw] of entries) {
    const unit = unitSchema.safeParse(name);
    if (!unit.success) {
      ctx.addIssue({ code: "custom", path: ["prices"], message: `There is no unit called "${name}".` });
      continue;
    }
    const path = [`price_${unit.data}`];
    const entered = raw.trim();
    if (entered === "") {
      ctx.addIssue({ code: "custom", path, message: "Enter a price, or remove this unit." });
    } else if (!ENTERED_PRICE.test(entered)) {
      ctx.addIssue({ code: "custom", path, message: "Enter a number like 2.50 (digits and a dot)." });
    } else {
      const stored = fromEntryPrice(unit.data, entered);
      if (STORED_PRICE.test(stored)) unitPrices[unit.data] = stored;
      else ctx.addIssue({ code: "custom", path, message: "That price has too many digits." });
    }
  }
  return unitPrices;
}

/** A new version of a negotiated price: from `effectiveFrom` (a day in the organization's time zone) on. */
export const CreatePriceOverrideInput = z
  .object({ service: serviceField, model: modelField, effectiveFrom: dayField, currency: currencyField, prices: pricesField, note: noteField })
  .transform(({ prices, ...rest }, ctx) => ({ ...rest, unitPrices: toUnitPrices(prices, ctx) }));

/** An existing version's prices, currency and note; its service, model and start stay (delete it and add another to move them). */
export const EditPriceOverrideInput = z
  .object({ overrideId: uuidField, currency: currencyField, prices: pricesField, note: noteField })
  .transform(({ prices, ...rest }, ctx) => ({ ...rest, unitPrices: toUnitPrices(prices, ctx) }));

export type SavePriceOverrideRequest = {
  overrideId?: string;
  service?: string;
  model?: string;
  effectiveFrom?: string;
  currency: string;
  prices: Record<string, string>;
  note?: string | null;
};

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

/** The override form: text fields plus one `price_<unit>` field per unit row. */
export const PriceOverrideForm = z
  .looseObject({
    overrideId: z.preprocess(blankToUndefined, z.string().optional()),
    service: z.string().optional(),
    model: z.string().optional(),
    effectiveFrom: z.string().optional(),
    currency: z.string().default(""),
    note: z.string().optional(),
  })
  .transform(({ overrideId, service, model, effectiveFrom, currency, note, ...rest }): SavePriceOverrideRequest => ({
    overrideId,
    service,
    model,
    effectiveFrom,
    currency,
    note,
    prices: Object.fromEntries(
      Object.entries(rest).flatMap(([name, value]) =>
        name.startsWith("price_") && typeof value === "string" ? [[name.slice("price_".length), value]] : [],
      ),
    ),
  }));

export const PriceOverrideIdInput = z.object({ overrideId: uuidField });

export const rateField = z
  .string({ error: "Enter a rate." })
  .trim()
  .min(1, "Enter a rate.")
  .regex(/^\d{1,9}(\.\d{1,20})?$/, "Enter a rate like 0.92 (digits and a dot, below 1,000,000,000).")
  .refine((rate) => /[1-9]/.test(rate), "A rate must be more than 0.");

/** 1 `currency` = `rate` base currency, from `rateDate` (a UTC day) until the next rate. */
export const CreateFxRateInput = z.object({ currency: currencyField, rateDate: dayField, rate: rateField });
export const EditFxRateInput = z.object({ fxRateId: uuidField, rate: rateField });

export type SaveFxRateRequest = { fxRateId?: string; currency?: string; rateDate?: string; rate: string };

export const FxRateForm = z.object({
  fxRateId: z.preprocess(blankToUndefined, z.string().optional()),
  currency: z.string().optional(),
  rateDate: z.string().optional(),
  rate: z.string().default(""),
});

export const FxRateIdInput = z.object({ fxRateId: uuidField });

/** About 1 MB of text: tens of thousands of rows, and within a server action's default body limit. */
export const MAX_FX_IMPORT_CHARS = 900_000;
export const MAX_FX_IMPORT_ROWS = 20_000;

export const ImportFxRatesInput = z.object({
  csv: z
    .string({ error: "Paste the rates or choose a file." })
    .max(MAX_FX_IMPORT_CHARS, `That is more than ${MAX_FX_IMPORT_CHARS.toLocaleString("en")} characters; split the file.`)
    .refine((csv) => csv.trim() !== "", "Paste the rates or choose a file."),
});

export const FxRatesQuery = z.object({
  currency: z.preprocess(blankToUndefined, z.string().regex(/^[A-Z]{3}$/, "Choose a currency.").optional()),
});

export const RepriceJobIdInput = z.object({ jobId: uuidField });

export const CatalogPricesQuery = z.object({ service: serviceField, model: modelField });
