"use client";

/**
 * The Explore page's state lives in its URL (shareable, survives reloads, Back undoes a change):
 * the summary's parameters (range, grouping, dimension filters) and the event list's own two.
 * Changes use the History API, which Next keeps in sync with useSearchParams without a server
 * round trip; the data then follows through React Query.
 */
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { SPEND_DIMENSIONS } from "@/lib/services/usage/spend-schemas";

export const RANGE_KEYS = ["range", "from", "to"] as const;
export const SUMMARY_KEYS = [...RANGE_KEYS, "granularity", "group_by", ...SPEND_DIMENSIONS] as const;
/** The event list ignores granularity and grouping. */
export const EVENT_KEYS = [...RANGE_KEYS, ...SPEND_DIMENSIONS, "pricing", "status"] as const;
const URL_KEYS = [...SUMMARY_KEYS, "pricing", "status"] as const;

export type ExploreParamKey = (typeof URL_KEYS)[number];
/** Every parameter as a string, "" when not set. */
export type ExploreParams = Record<ExploreParamKey, string>;

export function readParams(search: URLSearchParams): ExploreParams {
  return Object.fromEntries(URL_KEYS.map((key) => [key, search.get(key) ?? ""])) as ExploreParams;
}

/** The set parameters among `keys`, in a stable order (so equal states give equal query keys). */
export function toSearch(params: ExploreParams, keys: readonly ExploreParamKey[]): string {
  const search = new URLSearchParams();
  for (const key of keys) if (params[key]) search.set(key, params[key]);
  return search.toString();
}

export function useExploreParams(): [ExploreParams, (changes: Partial<ExploreParams>) => void] {
  const search = useSearchParams();
  const params = readParams(search);
  const update = useCallback(
    (changes: Partial<ExploreParams>) => {
      const next = { ...readParams(new URLSearchParams(window.location.search)), ...changes };
      // Custom dates mean nothing for a preset.
      if (next.range !== "custom") Object.assign(next, { from: "", to: "" });
      const query = toSearch(next, URL_KEYS);
      window.history.pushState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}`);
    },
    [],
  );
  return [params, update];
}
