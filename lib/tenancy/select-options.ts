/** Currency and time-zone options for the organization forms, built on the server (one Intl dataset). */
import "server-only";
import { currencyLabel, supportedCurrencies, supportedTimeZones } from "./intl-options";

export function currencyOptions() {
  return supportedCurrencies().map((code) => ({ value: code, label: currencyLabel(code) }));
}

export function timeZoneOptions() {
  return supportedTimeZones().map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }));
}
