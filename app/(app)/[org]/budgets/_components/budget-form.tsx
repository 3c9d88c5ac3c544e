"use client";

import { Plus, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { CodedFormState } from "@/lib/actions/action-result";
import type { BudgetPeriod } from "@/lib/core/budgets/periods";
import { SCOPE_DIMENSIONS } from "@/lib/core/budgets/scope";
import type { Budget } from "@/lib/services/budgets/budget-row";
import type { BudgetWriteResult } from "@/lib/services/budgets/create-budget";
import { createBudget, updateBudget } from "../actions";
import { DIMENSION_LABELS } from "@/components/budgets/describe";

type BudgetFormProps = {
  orgSlug: string;
  defaultTimezone: string;
  timezones: string[];
  parents: { id: string; name: string }[];
  /** Editing this budget; creating when absent. */
  budget?: Budget;
};

const PERIOD_KINDS = [
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "monthly", label: "Monthly" },
  { value: "quarterly", label: "Quarterly" },
  { value: "yearly", label: "Yearly" },
  { value: "custom", label: "Custom dates" },
  { value: "lifetime", label: "Lifetime (never resets)" },
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((label, index) => ({ value: String(index + 1), label }));
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].map((label, index) => ({
  value: String(index + 1),
  label,
}));
const DAYS = Array.from({ length: 28 }, (_, index) => ({ value: String(index + 1), label: String(index + 1) }));

type PeriodFields = { kind: string; weekStart: string; startDay: string; startMonth: string; startDate: string; endDate: string };

function periodFields(period: BudgetPeriod | undefined): PeriodFields {
  const fields = { kind: "monthly", weekStart: "1", startDay: "1", startMonth: "1", startDate: "", endDate: "" };
  if (!period) return fields;
  fields.kind = period.kind;
  if (period.kind === "weekly") fields.weekStart = String(period.weekStart);
  if (period.kind === "monthly") fields.startDay = String(period.startDay);
  if (period.kind === "quarterly" || period.kind === "yearly") fields.startMonth = String(period.startMonth);
  if (period.kind === "custom") Object.assign(fields, { startDate: period.startDate, endDate: period.endDate });
  if (period.kind === "lifetime") fields.startDate = period.startDate ?? "";
  return fields;
}

function toPeriod(fields: PeriodFields): Record<string, unknown> {
  switch (fields.kind) {
    case "weekly":
      return { kind: "weekly", weekStart: Number(fields.weekStart) };
    case "monthly":
      return { kind: "monthly", startDay: Number(fields.startDay) };
    case "quarterly":
    case "yearly":
      return { kind: fields.kind, startMonth: Number(fields.startMonth) };
    case "custom":
      return { kind: "custom", startDate: fields.startDate, endDate: fields.endDate };
    case "lifetime":
      return fields.startDate ? { kind: "lifetime", startDate: fields.startDate } : { kind: "lifetime" };
    default:
      return { kind: fields.kind };
  }
}

/** Create or edit a budget: builds the same object the API takes and sends it to the server action. */
export function BudgetForm({ orgSlug, defaultTimezone, timezones, parents, budget }: BudgetFormProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<CodedFormState<BudgetWriteResult>>(null);
  const [name, setName] = useState(budget?.name ?? "");
  const [amount, setAmount] = useState(budget?.amount ?? "");
  const [period, setPeriod] = useState(periodFields(budget?.period));
  const [timezone, setTimezone] = useState(budget?.timezone ?? defaultTimezone);
  const [scope, setScope] = useState<Record<string, string>>(
    Object.fromEntries(SCOPE_DIMENSIONS.map((dimension) => [dimension, budget?.scope[dimension] ?? ""])),
  );
  const [tags, setTags] = useState<{ key: string; value: string }[]>(Object.entries(budget?.scope.tags ?? {}).map(([key, value]) => ({ key, value })));
  const [per, setPer] = useState(budget?.per ?? "");
  const [parentId, setParentId] = useState(budget?.parent_id ?? "");
  const [rollover, setRollover] = useState(budget?.rollover ?? false);
  const [rolloverCap, setRolloverCap] = useState(budget?.rollover_cap ?? "");
  const [enforcement, setEnforcement] = useState<string>(budget?.enforcement ?? "soft");
  const [warnAt, setWarnAt] = useState(String(budget?.warn_at_percent ?? 80));
  const [costBasis, setCostBasis] = useState<string>(budget?.cost_basis ?? "estimated");

  const failure = state && !state.ok ? state : null;
  const errors = failure?.error.fieldErrors ?? {};
  const setPeriodField = (field: keyof PeriodFields) => (event: { target: { value: string } }) => setPeriod({ ...period, [field]: event.target.value });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = {
      orgSlug,
      name,
      amount,
      period: toPeriod(period),
      timezone,
      scope: {
        ...Object.fromEntries(Object.entries(scope).filter(([, value]) => value.trim() !== "").map(([key, value]) => [key, value.trim()])),
        ...(tags.some((tag) => tag.key.trim()) ? { tags: Object.fromEntries(tags.filter((tag) => tag.key.trim()).map((tag) => [tag.key.trim(), tag.value])) } : {}),
      },
      per: per === "" ? null : per,
      parent_id: parentId === "" ? null : parentId,
      rollover,
      rollover_cap: rollover && rolloverCap.trim() !== "" ? rolloverCap.trim() : null,
      enforcement,
      warn_at_percent: Number(warnAt),
      cost_basis: costBasis,
    };
    startTransition(async () => {
      // Typed loosely on purpose: the server action validates the whole object with zod.
      const result = budget
        ? await updateBudget(null, { ...input, budgetId: budget.id } as Parameters<typeof updateBudget>[1])
        : await createBudget(null, input as Parameters<typeof createBudget>[1]);
      setState(result);
      if (result.ok && !budget) router.push(`/${orgSlug}/budgets/${result.data.budget.id}${result.data.warnings.length ? "?warning=no-usage" : ""}`);
      else if (result.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-6" data-testid="budget-form" aria-busy={pending}>
      <FormError state={state} />
      {state?.ok && budget ? (
        <Alert>
          <AlertDescription>Saved.{state.data.warnings.length ? ` ${state.data.warnings.join(" ")}` : ""}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid items-start gap-4 sm:grid-cols-2">
        <FormField name="name" label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. OpenAI production" required errors={errors.name} />
        <FormField
          name="amount"
          label="Amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="e.g. 500"
          hint="In the organization's base currency, per period."
          required
          errors={errors.amount}
        />
      </div>

      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-medium">Period</legend>
        <div className="grid items-start gap-4 sm:grid-cols-3">
          <SelectField name="periodKind" label="Resets" options={PERIOD_KINDS} value={period.kind} onChange={setPeriodField("kind")} errors={errors.period} />
          {period.kind === "weekly" ? <SelectField name="weekStart" label="Week starts on" options={WEEKDAYS} value={period.weekStart} onChange={setPeriodField("weekStart")} /> : null}
          {period.kind === "monthly" ? (
            <SelectField name="startDay" label="Starts on day" options={DAYS} value={period.startDay} onChange={setPeriodField("startDay")} hint="E.g. your billing day." />
          ) : null}
          {period.kind === "quarterly" || period.kind === "yearly" ? (
            <SelectField name="startMonth" label="First month" options={MONTHS} value={period.startMonth} onChange={setPeriodField("startMonth")} hint="For fiscal years." />
          ) : null}
          {period.kind === "custom" || period.kind === "lifetime" ? (
            <FormField name="startDate" label={period.kind === "custom" ? "From" : "Counting from (optional)"} type="date" value={period.startDate} onChange={setPeriodField("startDate")} />
          ) : null}
          {period.kind === "custom" ? <FormField name="endDate" label="To (inclusive)" type="date" value={period.endDate} onChange={setPeriodField("endDate")} /> : null}
        </div>
        <SelectField
          name="timezone"
          label="Time zone"
          options={timezones.map((zone) => ({ value: zone, label: zone }))}
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          hint="Periods start at local midnight here."
          errors={errors.timezone}
        />
      </fieldset>

      <fieldset className="grid gap-4">
        <legend className="mb-1 text-sm font-medium">Scope</legend>
        <p className="-mt-2 text-sm text-muted-foreground">Count only usage matching every filter given (exact values). Leave all empty for all usage.</p>
        <div className="grid items-start gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {SCOPE_DIMENSIONS.map((dimension) => (
            <FormField
              key={dimension}
              name={`scope_${dimension}`}
              label={DIMENSION_LABELS[dimension]}
              value={scope[dimension]}
              onChange={(e) => setScope({ ...scope, [dimension]: e.target.value })}
              placeholder="Any"
              autoComplete="off"
            />
          ))}
        </div>
        <div className="grid gap-2">
          <p className="text-sm font-medium">Tags</p>
          {tags.map((tag, index) => (
            <div key={index} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] gap-2">
              <Input aria-label={`Tag ${index + 1} key`} placeholder="key" value={tag.key} onChange={(e) => setTags(tags.map((t, i) => (i === index ? { ...t, key: e.target.value } : t)))} />
              <Input aria-label={`Tag ${index + 1} value`} placeholder="value" value={tag.value} onChange={(e) => setTags(tags.map((t, i) => (i === index ? { ...t, value: e.target.value } : t)))} />
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove tag ${index + 1}`} onClick={() => setTags(tags.filter((_, i) => i !== index))}>
                <X />
              </Button>
            </div>
          ))}
          <div>
            <Button type="button" variant="outline" size="sm" onClick={() => setTags([...tags, { key: "", value: "" }])}>
              <Plus /> Add tag
            </Button>
          </div>
          {errors.scope ? <p className="text-sm text-destructive">{errors.scope.join(" ")}</p> : null}
        </div>
      </fieldset>

      <div className="grid items-start gap-4 sm:grid-cols-2">
        <SelectField
          name="per"
          label="Per subject"
          options={[{ value: "", label: "No — one amount for the whole scope" }, ...SCOPE_DIMENSIONS.map((d) => ({ value: d, label: `Each ${DIMENSION_LABELS[d].toLowerCase()}` }))]}
          value={per}
          onChange={(e) => setPer(e.target.value)}
          hint="E.g. each end user gets the amount."
          errors={errors.per}
        />
        <SelectField
          name="parent_id"
          label="Parent budget"
          options={[{ value: "", label: "None" }, ...parents.map((parent) => ({ value: parent.id, label: parent.name }))]}
          value={parentId}
          onChange={(e) => setParentId(e.target.value)}
          hint="A child has its parent's period and time zone; children never add up to more than the parent."
          errors={errors.parent_id}
        />
        <SelectField
          name="enforcement"
          label="Enforcement"
          options={[
            { value: "soft", label: "Soft — warn only" },
            { value: "hard", label: "Hard — deny over the amount" },
            { value: "approval", label: "Approval — ask an admin" },
          ]}
          value={enforcement}
          onChange={(e) => setEnforcement(e.target.value)}
          hint="What the pre-spend check answers."
        />
        <FormField name="warn_at_percent" label="Warn at (%)" inputMode="decimal" value={warnAt} onChange={(e) => setWarnAt(e.target.value)} errors={errors.warn_at_percent} />
        <SelectField
          name="cost_basis"
          label="Counts"
          options={[
            { value: "estimated", label: "Estimated — priced from usage events" },
            { value: "billed", label: "Billed — what the provider's bill says" },
          ]}
          value={costBasis}
          onChange={(e) => setCostBasis(e.target.value)}
          hint="Billed needs a cost connector for the service (Settings → Connectors) and a scope of that service only; it moves with each sync."
          errors={errors.cost_basis}
        />
      </div>

      <fieldset className="grid gap-3">
        <legend className="sr-only">Rollover</legend>
        <label className="flex items-start gap-3 text-sm">
          <input type="checkbox" name="rollover" checked={rollover} onChange={(e) => setRollover(e.target.checked)} className="mt-0.5 size-4 accent-primary" />
          <span>
            <span className="font-medium">Roll over unused amount</span>
            <span className="block text-muted-foreground">What a period leaves unused is added to the next one.</span>
          </span>
        </label>
        {rollover ? (
          <div className="sm:max-w-xs">
            <FormField name="rollover_cap" label="Carry at most (optional)" inputMode="decimal" value={rolloverCap} onChange={(e) => setRolloverCap(e.target.value)} errors={errors.rollover_cap} />
          </div>
        ) : null}
      </fieldset>

      <div>
        <SubmitButton pending={pending} pendingLabel={budget ? "Saving…" : "Creating…"}>
          {budget ? "Save changes" : "Create budget"}
        </SubmitButton>
      </div>
    </form>
  );
}
