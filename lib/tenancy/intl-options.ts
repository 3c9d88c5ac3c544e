/** The currencies and time zones an organization can pick, from the runtime's own Intl data. */

export function supportedCurrencies(): string[] {
  return Intl.supportedValuesOf("currency");
}

export function supportedTimeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  // Some runtimes list only geographic zones; UTC is the default and must always be offered.
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/** "EUR — Euro", for a select option; the bare code where the runtime has no name for it. */
export function currencyLabel(code: string): string {
  const name = new Intl.DisplayNames(["en"], { type: "currency" }).of(code);
  return name && name !== code ? `${code} — ${name}` : code;
}
