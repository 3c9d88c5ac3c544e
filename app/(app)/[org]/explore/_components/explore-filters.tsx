"use client";

import { RotateCcw, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { EXPLORE_DEFAULT_RANGE, EXPLORE_RANGES } from "@/lib/services/usage/explore-schemas";
import type { ExploreOptions } from "@/lib/services/usage/explore-options";
import { isRollupDimension, SPEND_DIMENSIONS, SPEND_GRANULARITIES, type SpendDimension } from "@/lib/services/usage/spend-schemas";
import type { ExploreParams } from "./explore-params";
import { DIMENSION_LABELS, GRANULARITY_LABELS, RANGE_LABELS } from "@/components/spend/labels";

type ExploreFiltersProps = {
  params: ExploreParams;
  options: ExploreOptions | undefined;
  onChange: (changes: Partial<ExploreParams>) => void;
};

/**
 * Range, granularity, grouping and one exact-match filter per dimension. Choices apply at once;
 * end user and feature are typed (there can be thousands) with the most frequent as suggestions,
 * and apply on Enter or when the field is left.
 */
export function ExploreFilters({ params, options, onChange }: ExploreFiltersProps) {
  const active = SPEND_DIMENSIONS.filter((dimension) => params[dimension]);
  const range = params.range || EXPLORE_DEFAULT_RANGE;
  return (
    <section aria-label="Filters" className="grid gap-4 rounded-xl border bg-card p-4 shadow-sm">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-[1.3fr_1fr_1fr_1fr_1fr]">
        <div className="col-span-2 grid gap-2 sm:col-span-1">
          <Label htmlFor="explore-range">Date range</Label>
          <Select id="explore-range" value={range} onChange={(event) => onChange({ range: event.target.value })}>
            {EXPLORE_RANGES.map((value) => (
              <option key={value} value={value}>
                {RANGE_LABELS[value]}
              </option>
            ))}
          </Select>
        </div>
        {range === "custom" ? (
          <>
            <div className="grid gap-2">
              <Label htmlFor="explore-from">From</Label>
              <Input id="explore-from" type="date" value={params.from} max={params.to || undefined} onChange={(event) => onChange({ from: event.target.value })} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="explore-to">To</Label>
              <Input id="explore-to" type="date" value={params.to} min={params.from || undefined} onChange={(event) => onChange({ to: event.target.value })} />
            </div>
          </>
        ) : null}
        <div className="grid gap-2">
          <Label htmlFor="explore-granularity">Granularity</Label>
          <Select
            id="explore-granularity"
            value={params.granularity || (range === "24h" ? "hour" : "day")}
            onChange={(event) => onChange({ granularity: event.target.value })}
          >
            {SPEND_GRANULARITIES.map((value) => (
              <option key={value} value={value}>
                {GRANULARITY_LABELS[value]}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="explore-group-by">Group by</Label>
          <Select id="explore-group-by" value={params.group_by} onChange={(event) => onChange({ group_by: event.target.value })}>
            <option value="">Nothing</option>
            {SPEND_DIMENSIONS.map((dimension) => (
              <option key={dimension} value={dimension}>
                {DIMENSION_LABELS[dimension]}
              </option>
            ))}
          </Select>
        </div>
      </div>

      <details className="group" open={active.length > 0 || undefined}>
        <summary className="w-fit cursor-pointer rounded-md text-sm font-medium outline-none select-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
          Filter by dimension{active.length ? ` (${active.length})` : ""}
        </summary>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7">
          {SPEND_DIMENSIONS.map((dimension) => (
            <DimensionFilter
              key={dimension}
              dimension={dimension}
              value={params[dimension]}
              choices={options?.values[dimension] ?? []}
              onChange={(value) => onChange({ [dimension]: value })}
            />
          ))}
        </div>
        <p className="mt-2 text-xs text-muted-foreground">
          Filters on end user or feature read the raw events: slower, and only as far back as raw events are kept.
        </p>
      </details>

      {active.length ? (
        <div className="flex flex-wrap items-center gap-2" aria-label="Active filters">
          {active.map((dimension) => (
            <Button key={dimension} type="button" variant="secondary" size="sm" onClick={() => onChange({ [dimension]: "" })} className="max-w-full">
              <span className="truncate">
                {DIMENSION_LABELS[dimension]}: {params[dimension]}
              </span>
              <X aria-label={`Remove the ${DIMENSION_LABELS[dimension].toLowerCase()} filter`} />
            </Button>
          ))}
          <Button
            type="button"
            variant="ghost"
            size="sm"
            onClick={() => onChange(Object.fromEntries(SPEND_DIMENSIONS.map((dimension) => [dimension, ""])))}
          >
            <RotateCcw /> Clear filters
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function DimensionFilter({ dimension, value, choices, onChange }: { dimension: SpendDimension; value: string; choices: string[]; onChange: (value: string) => void }) {
  const id = `explore-filter-${dimension}`;
  const label = DIMENSION_LABELS[dimension];
  if (isRollupDimension(dimension)) {
    const all = value && !choices.includes(value) ? [value, ...choices] : choices;
    return (
      <div className="grid min-w-0 gap-2">
        <Label htmlFor={id}>{label}</Label>
        <Select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Any</option>
          {all.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </Select>
      </div>
    );
  }
  const commit = (text: string) => {
    if (text.trim() !== value) onChange(text.trim());
  };
  return (
    <div className="grid min-w-0 gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        key={value}
        id={id}
        defaultValue={value}
        placeholder="Any"
        list={`${id}-choices`}
        autoComplete="off"
        enterKeyHint="search"
        onBlur={(event) => commit(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit(event.currentTarget.value);
        }}
      />
      <datalist id={`${id}-choices`}>
        {choices.map((choice) => (
          <option key={choice} value={choice} />
        ))}
      </datalist>
    </div>
  );
}
