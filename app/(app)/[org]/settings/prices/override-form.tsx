"use client";

import { Info, TriangleAlert, X } from "lucide-react";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { OPTIONAL_UNITS, UNITS, type Unit } from "@/lib/core/usage/quantities";
import type { CatalogPricesLookup } from "@/lib/services/pricing/lookup-catalog-prices";
import { UNIT_ENTRY, entryPrices } from "@/lib/services/pricing/price-units";
import type { PriceOverrideRow } from "@/lib/services/pricing/pricing-rows";
import { savePriceOverride } from "./actions";
import { SubmitButton } from "@/components/forms/submit-button";
import { submitWith } from "./controlled-submit";

export type OverrideFormMode =
  | { kind: "new"; service: string; model: string; effectiveFrom: string | null }
  | { kind: "edit"; row: PriceOverrideRow };

type OverrideFormProps = {
  orgSlug: string;
  mode: OverrideFormMode;
  today: string;
  baseCurrency: string;
  currencies: { value: string; label: string }[];
  /** Currencies with at least one exchange rate. */
  rateCurrencies: string[];
  onSaved: (row: PriceOverrideRow) => void;
  onCancel: () => void;
};

type PriceRow = { unit: Unit; price: string };
type Lookup = { status: "idle" } | { status: "loading" } | { status: "error" } | { status: "done"; data: CatalogPricesLookup };

const SERVICE = /^[a-z0-9][a-z0-9._-]*$/;

/** Rows for the prices a form starts from, plus an empty row for each other unit the model is used with. */
function startingRows(unitPrices: Partial<Record<Unit, string>>, usedUnits: Unit[]): PriceRow[] {
  const rows = entryPrices(unitPrices);
  const missing = usedUnits.filter((unit) => !OPTIONAL_UNITS.has(unit) && !rows.some((row) => row.unit === unit));
  return [...rows, ...missing.map((unit) => ({ unit, price: "" }))].sort((a, b) => UNITS.indexOf(a.unit) - UNITS.indexOf(b.unit));
}

/** Reads what a service + model starts from; null while the two are not filled in yet. */
function useCatalogLookup(orgSlug: string, service: string, model: string, onResult: (data: CatalogPricesLookup) => void): Lookup {
  const [lookup, setLookup] = useState<Lookup>({ status: "idle" });
  const latest = useRef(onResult);
  useEffect(() => {
    latest.current = onResult;
  });
  const normalized = service.trim().toLowerCase();
  const ready = SERVICE.test(normalized) && model.trim() !== "";
  useEffect(() => {
    if (!ready) return;
    const controller = new AbortController();
    // Waits for typing to pause, so a model name typed out costs one request.
    const timer = setTimeout(async () => {
      setLookup({ status: "loading" });
      const query = new URLSearchParams({ service: normalized, model: model.trim() });
      try {
        const response = await fetch(`/${encodeURIComponent(orgSlug)}/settings/prices/catalog?${query}`, { signal: controller.signal });
        if (!response.ok) throw new Error(String(response.status));
        const data = (await response.json()) as CatalogPricesLookup;
        setLookup({ status: "done", data });
        latest.current(data);
      } catch {
        if (!controller.signal.aborted) setLookup({ status: "error" });
      }
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [orgSlug, normalized, model, ready]);
  return ready ? lookup : { status: "idle" };
}

/** Adds a version of a negotiated price (starting from the catalog's prices) or edits one. */
export function OverrideForm({ orgSlug, mode, today, baseCurrency, currencies, rateCurrencies, onSaved, onCancel }: OverrideFormProps) {
  const editing = mode.kind === "edit" ? mode.row : null;
  const [state, action, pending] = useActionState(savePriceOverride, null);
  const failure = state && !state.ok ? state : null;
  const errors = failure?.error.fieldErrors;

  const [service, setService] = useState(editing?.service ?? (mode.kind === "new" ? mode.service : ""));
  const [model, setModel] = useState(editing?.model ?? (mode.kind === "new" ? mode.model : ""));
  const [effectiveFrom, setEffectiveFrom] = useState(editing?.effectiveDay ?? (mode.kind === "new" ? (mode.effectiveFrom ?? today) : today));
  const [currency, setCurrency] = useState(editing?.currency ?? baseCurrency);
  const [rows, setRows] = useState<PriceRow[]>(editing ? entryPrices(editing.unitPrices) : []);
  const [note, setNote] = useState(editing?.note ?? "");
  // What the person changed themselves is never overwritten by what a lookup suggests.
  const touched = useRef({ prices: editing !== null, currency: editing !== null, date: editing !== null || (mode.kind === "new" && mode.effectiveFrom !== null) });

  const lookup = useCatalogLookup(orgSlug, service, model, (data) => {
    const start = data.override ?? data.catalog;
    if (!touched.current.prices) setRows(startingRows(start?.unitPrices ?? {}, data.usedUnits));
    if (!touched.current.currency && start) setCurrency(start.currency);
    // A model nobody prices yet: from its first use, so all of its history gets a price.
    if (!touched.current.date) setEffectiveFrom(start ? today : (data.firstUsedDay ?? today));
  });

  useEffect(() => {
    if (state?.ok) onSaved(state.data);
  }, [state, onSaved]);

  const data = lookup.status === "done" ? lookup.data : null;
  const unpricedUnits = (data?.usedUnits ?? []).filter((unit) => !OPTIONAL_UNITS.has(unit) && !rows.some((row) => row.unit === unit));
  const addable = UNITS.filter((unit) => !rows.some((row) => row.unit === unit));
  const titleId = useId();

  function setPrice(unit: Unit, price: string) {
    touched.current.prices = true;
    setRows((current) => current.map((row) => (row.unit === unit ? { ...row, price } : row)));
  }
  function addUnit(unit: Unit) {
    touched.current.prices = true;
    setRows((current) => [...current, { unit, price: "" }].sort((a, b) => UNITS.indexOf(a.unit) - UNITS.indexOf(b.unit)));
  }
  function removeUnit(unit: Unit) {
    touched.current.prices = true;
    setRows((current) => current.filter((row) => row.unit !== unit));
  }

  return (
    <form onSubmit={submitWith(action)} noValidate className="grid gap-5" aria-labelledby={titleId} data-testid="override-form">
      <h3 id={titleId} className="font-semibold">
        {editing ? `Edit the price of ${editing.service} / ${editing.model} from ${editing.effectiveDay}` : "Add a negotiated price"}
      </h3>
      <FormError state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      {editing ? (
        <>
          <input type="hidden" name="overrideId" value={editing.id} />
          <p className="text-sm text-muted-foreground">
            The service, model and start day of a version stay as they are; to move them, add a new version and delete this one.
          </p>
        </>
      ) : (
        <div className="grid gap-4 sm:grid-cols-3 sm:items-start">
          <FormField
            name="service"
            label="Service"
            value={service}
            onChange={(event) => setService(event.target.value)}
            placeholder="e.g. openai"
            autoComplete="off"
            hint="As your events send it."
            required
            errors={errors?.service}
          />
          <FormField
            name="model"
            label="Model"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            placeholder="e.g. gpt-4o"
            autoComplete="off"
            hint="The exact model or SKU string."
            required
            errors={errors?.model}
          />
          <FormField
            name="effectiveFrom"
            label="Effective from"
            type="date"
            value={effectiveFrom}
            onChange={(event) => {
              touched.current.date = true;
              setEffectiveFrom(event.target.value);
            }}
            hint="From midnight that day; earlier usage keeps its price."
            required
            errors={errors?.effectiveFrom}
          />
        </div>
      )}

      <LookupNotice lookup={lookup} editing={editing !== null} />

      <div className="grid gap-4 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)] sm:items-start">
        <SelectField
          name="currency"
          label="Currency"
          value={currency}
          onChange={(event) => {
            touched.current.currency = true;
            setCurrency(event.target.value);
          }}
          options={currencies}
          errors={errors?.currency}
        />
        {currency !== baseCurrency ? (
          <p className="flex gap-2 text-sm text-muted-foreground sm:pt-7" data-testid="override-fx-note">
            <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
            {rateCurrencies.includes(currency)
              ? `Costs are converted to ${baseCurrency} with your ${currency} exchange rates.`
              : `There is no ${currency} exchange rate yet: usage priced in ${currency} stays unpriced until you add one under Exchange rates.`}
          </p>
        ) : null}
      </div>

      <fieldset className="grid gap-3" aria-describedby={errors?.prices ? "prices-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Unit prices</legend>
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No units yet. Add every unit this model is used with.</p>
        ) : (
          <ul className="grid gap-3" data-testid="override-prices">
            {rows.map((row) => (
              <UnitPriceRow
                key={row.unit}
                row={row}
                currency={currency}
                errors={errors?.[`price_${row.unit}`]}
                onChange={(price) => setPrice(row.unit, price)}
                onRemove={() => removeUnit(row.unit)}
              />
            ))}
          </ul>
        )}
        {errors?.prices ? (
          <p id="prices-error" className="text-sm text-destructive">
            {errors.prices.join(" ")}
          </p>
        ) : null}
        {unpricedUnits.length > 0 ? (
          <p className="flex gap-2 text-sm text-amber-700 dark:text-amber-400" role="status">
            <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
            This model&apos;s events also use {unpricedUnits.map((unit) => UNIT_ENTRY[unit].label.toLowerCase()).join(", ")}: without a price
            here they stay unpriced.
          </p>
        ) : null}
        {addable.length > 0 ? (
          <Select
            aria-label="Add a unit"
            value=""
            onChange={(event) => addUnit(event.target.value as Unit)}
            className="h-9 sm:w-64"
            data-testid="add-unit"
          >
            <option value="">Add a unit…</option>
            {addable.map((unit) => (
              <option key={unit} value={unit}>
                {UNIT_ENTRY[unit].label}
              </option>
            ))}
          </Select>
        ) : null}
      </fieldset>

      <FormField
        name="note"
        label="Note (optional)"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        placeholder="e.g. Enterprise agreement 2026, 20% off list"
        maxLength={500}
        errors={errors?.note}
      />

      <div className="flex flex-col-reverse gap-2 sm:flex-row">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          {editing ? "Save changes" : "Save price"}
        </SubmitButton>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function UnitPriceRow({ row, currency, errors, onChange, onRemove }: { row: PriceRow; currency: string; errors?: string[]; onChange: (price: string) => void; onRemove: () => void }) {
  const id = `field-price_${row.unit}`;
  const { label, per } = UNIT_ENTRY[row.unit];
  return (
    <li className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex items-center gap-2">
        <Input
          id={id}
          name={`price_${row.unit}`}
          value={row.price}
          onChange={(event) => onChange(event.target.value)}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : `${id}-per`}
          className="sm:w-48"
        />
        <span id={`${id}-per`} className="text-sm whitespace-nowrap text-muted-foreground">
          {currency} per {per}
        </span>
        <Button type="button" variant="ghost" size="icon" className="ml-auto size-9 sm:ml-0" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}`}>
          <X />
        </Button>
      </div>
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {errors.join(" ")}
        </p>
      ) : null}
    </li>
  );
}

/** Where the suggested prices come from, or why there are none. */
function LookupNotice({ lookup, editing }: { lookup: Lookup; editing: boolean }) {
  if (lookup.status === "idle") return null;
  if (lookup.status === "loading") {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
        <Spinner /> Looking up the catalog…
      </p>
    );
  }
  if (lookup.status === "error") {
    return <p className="text-sm text-muted-foreground">The catalog could not be read just now; enter the prices yourself.</p>;
  }
  const { catalog, override } = lookup.data;
  const lines: string[] = [];
  if (override && !editing) lines.push(`Starting from your newest version of this price (from ${override.effectiveDay}).`);
  if (catalog) {
    const since = catalog.effectiveFrom ? ` since ${catalog.effectiveFrom.slice(0, 10)}` : "";
    lines.push(`Catalog: ${catalog.model}, in ${catalog.currency}${since}.${override || editing ? "" : " Starting from its prices."}`);
    if (catalog.hasTiers) lines.push("The catalog charges more for long prompts; a negotiated price has one price per unit.");
    lines.push(...catalog.notes);
  } else if (!override) {
    lines.push("The catalog has no price for this model: enter one for every unit its events use.");
  }
  return (
    <div className="flex gap-2 rounded-lg border bg-card px-3 py-2 text-sm text-muted-foreground" role="status" data-testid="lookup-notice">
      <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="grid gap-1">
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    </div>
  );
}
