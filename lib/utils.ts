import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names and lets later Tailwind utilities override earlier conflicting ones. */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

/** The first value of a search param, which Next gives as a string, a list or nothing. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const timestampFormats = new Map<string, Intl.DateTimeFormat>();

/** A timestamp as people read it, in the given IANA zone and labelled with it ("22 Nov 2026, 21:22 CET"). */
export function formatTimestamp(value: Date, timeZone: string): string {
  let format = timestampFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
    timestampFormats.set(timeZone, format);
  }
  const zone = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
    .formatToParts(value).find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  return `${format.format(value)} ${zone}`;
}

/** Where no organization (and so no time zone) is in play: UTC, labelled as such. */
export function formatUtc(value: Date): string {
  return formatTimestamp(value, "UTC");
}
