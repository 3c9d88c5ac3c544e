import { Bell, Gauge, Inbox, Radio, Receipt, TrendingUp } from "lucide-react";
import type { LucideIcon } from "lucide-react";

type Feature = { icon: LucideIcon; title: string; body: string };

const FEATURES: Feature[] = [
  {
    icon: Inbox,
    title: "Ingest every call",
    body: "Send usage from LLMs, SMS, email, scrapers and cloud bills in batches. Retries are safe: duplicates are skipped.",
  },
  {
    icon: Receipt,
    title: "Priced exactly",
    body: "A versioned price catalog with your own overrides. Unknown models are flagged as unpriced, never counted as $0.",
  },
  {
    icon: Gauge,
    title: "Budgets that hold",
    body: "Daily to yearly, per team, project or end user. Soft, hard or approval limits; concurrent requests cannot overshoot.",
  },
  {
    icon: TrendingUp,
    title: "Forecasts",
    body: "See where each budget will land by the end of its period, with a range and the day it runs out.",
  },
  {
    icon: Bell,
    title: "Alerts in time",
    body: "Email, SMS and signed webhooks when spend or its forecast crosses a threshold, once per period, not a flood.",
  },
  {
    icon: Radio,
    title: "Live dashboard",
    body: "Totals update as usage arrives, for everyone in the organization, without reloading.",
  },
];

export function FeatureGrid() {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {FEATURES.map(({ icon: Icon, title, body }) => (
        <li key={title} className="rounded-xl border bg-card p-5">
          <span className="inline-flex size-9 items-center justify-center rounded-lg bg-accent text-accent-foreground">
            <Icon className="size-4.5" aria-hidden />
          </span>
          <h3 className="mt-4 font-semibold">{title}</h3>
          <p className="mt-1.5 text-sm leading-relaxed text-muted-foreground">{body}</p>
        </li>
      ))}
    </ul>
  );
}
