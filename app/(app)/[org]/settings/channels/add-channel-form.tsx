"use client";

import { Mail, MessageSquare, Webhook } from "lucide-react";
import { useActionState, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { ChannelKind } from "@/lib/services/alerts/channel-schemas";
import { cn } from "@/lib/utils";
import { createChannel } from "./actions";
import { OneTimeSecret } from "@/components/one-time-secret";

const KINDS: { kind: ChannelKind; label: string; icon: typeof Mail; destination: string; placeholder: string; hint: string; inputMode: "email" | "tel" | "url" }[] = [
  { kind: "email", label: "Email", icon: Mail, destination: "Email address", placeholder: "e.g. oncall@acme.com", hint: "We email a 6-digit code to check it's yours.", inputMode: "email" },
  { kind: "sms", label: "SMS", icon: MessageSquare, destination: "Phone number", placeholder: "e.g. +1 415 555 0100", hint: "With + and the country code. We text a 6-digit code to check it.", inputMode: "tel" },
  { kind: "webhook", label: "Webhook", icon: Webhook, destination: "Endpoint URL", placeholder: "https://example.com/hooks/spendguard", hint: "An https URL on the public internet. Signed per Standard Webhooks.", inputMode: "url" },
];

/** Add an email address, phone number or webhook endpoint; the code goes out (or the secret shows) right away. */
export function AddChannelForm({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState(createChannel, null);
  const [kind, setKind] = useState<ChannelKind>("email");
  const failure = state && !state.ok ? state : null;
  const current = KINDS.find((option) => option.kind === kind) ?? KINDS[0];
  const created = state?.ok ? state.data : null;
  return (
    <div className="grid gap-4">
      {created?.secret ? (
        <OneTimeSecret
          key={created.channel.id}
          title={`Webhook “${created.channel.name}” added. Copy its signing secret now — you won’t see it again.`}
          secret={created.secret}
        >
          Every delivery is signed per Standard Webhooks (webhook-id, webhook-timestamp and webhook-signature headers): verify it with this
          secret in any Standard Webhooks library. Then send a test below to verify the endpoint.
        </OneTimeSecret>
      ) : null}
      {created && !created.secret ? (
        <Alert variant="success" data-testid="code-sent">
          <AlertDescription>
            We sent a code to {created.channel.destination}. Enter it next to “{created.channel.name}” below.
          </AlertDescription>
        </Alert>
      ) : null}
      <form action={action} noValidate className="grid gap-4" data-testid="add-channel-form">
        <FormError state={state} />
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="kind" value={kind} />
        <fieldset>
          <legend className="mb-2 text-sm font-medium">Kind</legend>
          <div className="grid grid-cols-3 gap-2 sm:w-fit">
            {KINDS.map((option) => (
              <label
                key={option.kind}
                className={cn(
                  "flex cursor-pointer items-center justify-center gap-1.5 rounded-md border px-2 py-2 text-sm sm:px-3 has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                  kind === option.kind ? "border-primary bg-primary/5 font-medium" : "hover:bg-muted",
                )}
              >
                <input type="radio" name="kind-choice" value={option.kind} checked={kind === option.kind} onChange={() => setKind(option.kind)} className="sr-only" />
                <option.icon className="size-4 shrink-0" aria-hidden /> {option.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <FormField
            key={`destination-${kind}`}
            name="destination"
            label={current.destination}
            inputMode={current.inputMode}
            placeholder={current.placeholder}
            autoComplete="off"
            hint={current.hint}
            required
            defaultValue={failure?.values?.kind === kind ? failure.values.destination : undefined}
            errors={failure?.values?.kind === kind ? failure.error.fieldErrors?.destination : undefined}
          />
          <FormField
            name="name"
            label="Name (optional)"
            placeholder={kind === "sms" ? "e.g. On-call phone" : kind === "email" ? "e.g. Finance team" : "e.g. PagerDuty bridge"}
            autoComplete="off"
            hint="How it shows in rules. Defaults to the address."
            defaultValue={failure?.values?.name}
            errors={failure?.error.fieldErrors?.name}
          />
        </div>
        <div>
          <SubmitButton pendingLabel="Adding…">Add {current.label === "SMS" ? "phone number" : current.label.toLowerCase()}</SubmitButton>
        </div>
      </form>
    </div>
  );
}
