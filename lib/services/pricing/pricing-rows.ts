/** What the pricing verbs return to the prices page (dates as Date, money as decimal strings). */
import type { Unit } from "@/lib/core/usage/quantities";

export type PriceOverrideStatus = "current" | "scheduled" | "superseded";

export type PriceOverrideRow = {
  id: string;
  service: string;
  model: string;
  effectiveFrom: Date;
  /** effectiveFrom as a day in the organization's time zone (what the form enters). */
  effectiveDay: string;
  currency: string;
  /** Per ONE unit, as stored. */
  unitPrices: Partial<Record<Unit, string>>;
  note: string | null;
  /** current: the version in force now; scheduled: starts later; superseded: a newer one is in force. */
  status: PriceOverrideStatus;
  createdByEmail: string | null;
  updatedAt: Date;
};

export type FxRateRow = {
  id: string;
  currency: string;
  /** YYYY-MM-DD (UTC day). */
  rateDate: string;
  rate: string;
  source: "manual" | "import";
  updatedAt: Date;
};

export type FxCurrencySummary = { currency: string; rates: number; newestDate: string; newestRate: string; oldestDate: string };

export type RepriceJobRow = {
  id: string;
  reason: "price_override" | "fx_rate" | "unpriced";
  service: string | null;
  model: string | null;
  originalCurrency: string | null;
  occurredFrom: Date | null;
  /** Null until the job's first batch counts its events. */
  total: number | null;
  scanned: number;
  changed: number;
  createdAt: Date;
  finishedAt: Date | null;
  createdByEmail: string | null;
};
