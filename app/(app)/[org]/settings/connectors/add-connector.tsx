"use client";

import { useState } from "react";
import { COST_PROVIDERS, type CostProvider } from "@/lib/connectors/credentials";
import { cn } from "@/lib/utils";
import { AddCostConnectorForm } from "./add-cost-connector-form";
import { AddMakeConnectorForm } from "./add-make-connector-form";
import { COST_PROVIDER_FORMS } from "./cost-providers";

type Choice = "make" | CostProvider;

const LABELS: Record<Choice, string> = { make: "Make", ...Object.fromEntries(COST_PROVIDERS.map((provider) => [provider, COST_PROVIDER_FORMS[provider].label])) } as Record<Choice, string>;

/** One card to connect any provider: Make (alert actions on scenarios) or a provider whose costs are synced. */
export function AddConnector({ orgSlug }: { orgSlug: string }) {
  const [choice, setChoice] = useState<Choice>("make");
  return (
    <div className="grid gap-4">
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Provider</legend>
        <div className="flex flex-wrap gap-2">
          {(["make", ...COST_PROVIDERS] as const).map((option) => (
            <label
              key={option}
              className={cn(
                "flex cursor-pointer items-center justify-center rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                choice === option ? "border-primary bg-primary/5 font-medium" : "hover:bg-muted",
              )}
            >
              <input type="radio" name="provider-choice" value={option} checked={choice === option} onChange={() => setChoice(option)} className="sr-only" />
              {LABELS[option]}
            </label>
          ))}
        </div>
      </fieldset>
      {choice === "make" ? <AddMakeConnectorForm orgSlug={orgSlug} /> : <AddCostConnectorForm key={choice} orgSlug={orgSlug} provider={choice} />}
    </div>
  );
}
