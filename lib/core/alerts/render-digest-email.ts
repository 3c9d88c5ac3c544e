/**
 * The weekly digest email: last week's spend against the week before, the top services, how
 * many alerts are open, a link to the dashboard and to the last complete month's report, and how
 * to stop receiving it.
 */
import { singleLine } from "../notifications/escape-html.ts";
import { formatDecimal, isZero, parseDecimal, subtract } from "../money.ts";
import type { Fact } from "./alert-summary.ts";
import { capitalize, clipName, formatAmount, formatCount, formatDay, formatPercent } from "./message-format.ts";
import type { DigestPayload } from "./notification-payload.ts";
import { renderEmail, type RenderedEmail } from "../notifications/render-email.ts";
import { formatReportMonth } from "../reports/report-month.ts";

export type WeekChange = { short: string; long: string };

/** Spend against the week before: "up 12.5%" / "up 12.5% from $1,100.00 the week before", down, slightly, the same, or from nothing. */
export function weekChange(spent: string, previous: string, currency: string): WeekChange {
  const before = parseDecimal(previous);
  const change = subtract(parseDecimal(spent), before);
  const previousText = formatAmount(previous, currency);
  if (isZero(change)) return { short: "the same as the week before", long: `the same as the week before (${previousText})` };
  if (isZero(before)) return { short: "nothing the week before", long: `against ${previousText} the week before` };
  // A percent for people: the exact difference over the exact total, converted only to divide.
  const percent = Math.abs((Number(formatDecimal(change)) / Number(previous)) * 100);
  // Below 0.05 % the percent would print as "0%", which reads as no change at all.
  const short = `${change.coef > 0n ? "up" : "down"} ${percent < 0.05 ? "slightly" : formatPercent(percent)}`;
  return { short, long: `${short} from ${previousText} the week before` };
}

export function renderDigestEmail(
  payload: DigestPayload,
  links: { dashboard: string; channels: string; report: { month: string; href: string } },
  timeZone: string | undefined,
): RenderedEmail {
  const org = singleLine(payload.org.name);
  const spent = formatAmount(payload.spent, payload.currency);
  const change = weekChange(payload.spent, payload.previous_spent, payload.currency);
  // week_end is exclusive: the week's last day is the one just before it.
  const range = `${formatDay(new Date(payload.week_start), timeZone)} – ${formatDay(new Date(Date.parse(payload.week_end) - 1), timeZone)}`;
  const services: Fact[] = payload.top_services.map((row) => ({ label: clipName(row.service, 80), value: formatAmount(row.cost, payload.currency) }));
  const alerts = payload.open_alerts === 0 ? "No alerts are open." : `${formatCount(payload.open_alerts)} ${payload.open_alerts === 1 ? "alert is" : "alerts are"} open.`;
  return renderEmail({
    subject: `${org}: ${spent} spent last week (${change.short})`,
    preheader: `${spent} spent, ${change.long}. ${alerts}`,
    heading: `Your week in ${org}`,
    paragraphs: [`${range}: ${org} spent ${spent}, ${change.long}.`],
    tables: [
      {
        caption: "Summary",
        rows: [
          { label: "Spent", value: spent },
          { label: "Week before", value: formatAmount(payload.previous_spent, payload.currency) },
          { label: "Change", value: capitalize(change.short) },
          { label: "Open alerts", value: formatCount(payload.open_alerts) },
        ],
      },
      ...(services.length > 0 ? [{ caption: "Top services", rows: services }] : []),
    ],
    button: { label: "Open the dashboard", href: links.dashboard },
    links: [{ label: `The ${formatReportMonth(links.report.month)} report`, href: links.report.href }],
    footer: {
      text: `You get this digest because you turned on the weekly digest for ${org}. To stop it, turn it off in the organization's notification settings:`,
      link: { label: "Notification settings", href: links.channels },
    },
  });
}
