"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { CodedActionResult, CodedFormState } from "@/lib/actions/action-result";
import { slugify } from "@/lib/tenancy/slug";

type Values = { name: string; slug: string; baseCurrency: string; timezone: string };
type Option = { value: string; label: string };

type OrganizationFormProps<T> = {
  action: (state: CodedFormState<T>, formData: FormData) => Promise<CodedActionResult<T>>;
  /** Set when editing an existing organization (the tenant the action runs in). */
  orgSlug?: string;
  initial: Values;
  currencies: Option[];
  timezones: Option[];
  submitLabel: string;
  pendingLabel: string;
  /** Onboarding: suggest the slug from the name and the time zone from the browser. */
  isNew?: boolean;
  readOnly?: boolean;
};

/** Name, URL name, currency and time zone: creating an organization and editing its settings. */
export function OrganizationForm<T>(props: OrganizationFormProps<T>) {
  const { action, orgSlug, initial, currencies, timezones, submitLabel, pendingLabel, isNew, readOnly } = props;
  const [state, formAction] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  const values = { ...initial, ...failure?.values };
  const [name, setName] = useState(values.name);
  const [slug, setSlug] = useState(values.slug);
  // The slug follows the name until someone edits the slug itself.
  const [slugEdited, setSlugEdited] = useState(!isNew || Boolean(failure));
  const timezone = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    // The browser knows the person's zone; the server rendered UTC. Set once, without a re-render.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (isNew && timezone.current && timezones.some((option) => option.value === zone)) timezone.current.value = zone;
  }, [isNew, timezones]);

  const errors = failure?.error.fieldErrors;
  return (
    <form action={formAction} noValidate className="grid gap-5">
      <FormError state={state} />
      {orgSlug ? <input type="hidden" name="orgSlug" value={orgSlug} /> : null}
      <FormField
        name="name"
        label="Organization name"
        required
        maxLength={100}
        autoComplete="organization"
        value={name}
        readOnly={readOnly}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(slugify(event.target.value));
        }}
        errors={errors?.name}
      />
      <FormField
        name="slug"
        label="URL name"
        required
        maxLength={48}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        value={slug}
        readOnly={readOnly}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value.toLowerCase());
        }}
        errors={errors?.slug}
        hint={
          <>
            Your pages will live at <span className="font-mono text-foreground">/{slug || "your-org"}</span>.
            {isNew ? null : " Changing it changes every link to this organization; old links stop working."}
          </>
        }
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          name="baseCurrency"
          label="Base currency"
          options={currencies}
          defaultValue={values.baseCurrency}
          disabled={readOnly}
          errors={errors?.baseCurrency}
          hint="Spend is converted to and reported in this currency."
        />
        <SelectField
          ref={timezone}
          name="timezone"
          label="Time zone"
          options={timezones}
          defaultValue={values.timezone}
          disabled={readOnly}
          errors={errors?.timezone}
          hint="Days, budget periods and reports follow this zone."
        />
      </div>
      {readOnly ? null : (
        <SubmitButton pendingLabel={pendingLabel} className="justify-self-start max-sm:w-full">
          {submitLabel}
        </SubmitButton>
      )}
      {state?.ok ? (
        <p role="status" className="text-sm text-success">
          Saved.
        </p>
      ) : null}
    </form>
  );
}
