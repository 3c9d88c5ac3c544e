"use client";

import { useActionState, useEffect, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import type { FxRateRow } from "@/lib/services/pricing/pricing-rows";
import { saveFxRate } from "./actions";
import { SubmitButton } from "@/components/forms/submit-button";
import { submitWith } from "./controlled-submit";

export type FxRateFormMode = { kind: "new"; currency: string; rateDate: string } | { kind: "edit"; row: FxRateRow };

type FxRateFormProps = {
  orgSlug: string;
  mode: FxRateFormMode;
  baseCurrency: string;
  currencies: { value: string; label: string }[];
  onSaved: (row: FxRateRow) => void;
  /** Set while editing: back to adding. */
  onCancel: (() => void) | null;
};

/** Adds a dated rate, or corrects the rate of an existing day. */
export function FxRateForm({ orgSlug, mode, baseCurrency, currencies, onSaved, onCancel }: FxRateFormProps) {
  const [state, action, pending] = useActionState(saveFxRate, null);
  const failure = state && !state.ok ? state : null;
  const errors = failure?.error.fieldErrors;
  const editing = mode.kind === "edit" ? mode.row : null;
  const [currency, setCurrency] = useState(editing?.currency ?? (mode.kind === "new" ? mode.currency : ""));
  const [rateDate, setRateDate] = useState(editing?.rateDate ?? (mode.kind === "new" ? mode.rateDate : ""));
  const [rate, setRate] = useState(editing?.rate ?? "");

  useEffect(() => {
    if (state?.ok) onSaved(state.data);
  }, [state, onSaved]);

  return (
    <form onSubmit={submitWith(action)} noValidate className="grid gap-4" aria-label={editing ? "Edit exchange rate" : "Add an exchange rate"} data-testid="rate-form">
      <h3 className="font-semibold">{editing ? `Edit the ${editing.currency} rate of ${editing.rateDate}` : "Add a rate"}</h3>
      <FormError state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      {editing ? <input type="hidden" name="fxRateId" value={editing.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-3 sm:items-start">
        <SelectField
          name="currency"
          label="Currency"
          value={currency}
          onChange={(event) => setCurrency(event.target.value)}
          options={currencies}
          disabled={editing !== null}
          errors={errors?.currency}
        />
        <FormField
          name="rateDate"
          label="From"
          type="date"
          value={rateDate}
          onChange={(event) => setRateDate(event.target.value)}
          readOnly={editing !== null}
          hint="A UTC day; applies until the next rate."
          errors={errors?.rateDate}
        />
        <FormField
          name="rate"
          label={`1 ${currency || "unit"} = ? ${baseCurrency}`}
          value={rate}
          onChange={(event) => setRate(event.target.value)}
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 0.92"
          required
          errors={errors?.rate}
        />
      </div>
      <div className="flex flex-col-reverse gap-2 sm:flex-row">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          {editing ? "Save rate" : "Add rate"}
        </SubmitButton>
        {onCancel ? (
          <Button type="button" variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
