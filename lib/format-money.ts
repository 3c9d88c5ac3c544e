/**
 * Money for people, in one way everywhere. Costs arrive as exact decimal strings and Intl formats
 * the string itself, so no float ever holds an amount on its way to the screen.
 */
const moneyFormats = new Map<string, { usual: Intl.NumberFormat; tiny: Intl.NumberFormat; smallest: number }>();

/** "$1,234.57"; amounts below the currency's smallest unit keep two significant digits ("$0.000000015") instead of showing as 0. */
export function formatMoney(value: string, currency: string): string {
  let formats = moneyFormats.get(currency);
  if (!formats) {
    const usual = new Intl.NumberFormat("en-US", { style: "currency", currency });
    const tiny = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumSignificantDigits: 2 });
    formats = { usual, tiny, smallest: 10 ** -(usual.resolvedOptions().maximumFractionDigits ?? 2) };
    moneyFormats.set(currency, formats);
  }
  const amount = value as Intl.StringNumericLiteral;
  const isTiny = Number(value) > 0 && Number(value) < formats.smallest;
  return (isTiny ? formats.tiny : formats.usual).format(amount);
}

/** Compact axis labels ("$1.2K"). */
export function formatMoneyAxis(value: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumSignificantDigits: 3 }).format(value);
}

