import { ArrowRight, Check } from "lucide-react";
import Link from "next/link";
import { BudgetPreview } from "@/components/marketing/budget-preview";
import { CheckApiExample } from "@/components/marketing/check-api-example";
import { FeatureGrid } from "@/components/marketing/feature-grid";
import { Button } from "@/components/ui/button";

const CHECK_POINTS = [
  "Allow, warn, deny or ask for approval, per budget",
  "Optionally reserve the amount until the real usage arrives",
  "Answers with what is left in every matching budget",
];

export default function LandingPage() {
  return (
    <>
      <section className="mx-auto grid max-w-6xl items-center gap-12 px-4 pt-14 pb-16 sm:px-6 sm:pt-20 lg:grid-cols-[1.1fr_1fr] lg:pb-24">
        <div>
          <p className="text-sm font-medium text-primary">Spend control for paid APIs</p>
          <h1 className="mt-3 text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Know what every API call costs, before the bill does.
          </h1>
          <p className="mt-5 max-w-xl text-lg leading-relaxed text-muted-foreground">
            Spendguard prices your team&apos;s usage of LLMs, SMS, email and cloud services as it happens, holds it to
            budgets, forecasts where each one will land and warns the right people while there is still time to act.
          </p>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row">
            <Button asChild size="lg">
              <Link href="/signup">
                Get started <ArrowRight />
              </Link>
            </Button>
            <Button asChild size="lg" variant="outline">
              <Link href="/login">Sign in</Link>
            </Button>
          </div>
        </div>
        <BudgetPreview />
      </section>

      <section aria-labelledby="features" className="border-t bg-subtle">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 lg:py-20">
          <h2 id="features" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            From raw usage to a budget nobody blows through
          </h2>
          <p className="mt-3 max-w-2xl text-muted-foreground">
            One place for every metered service your product calls, with totals you can trust to the cent.
          </p>
          <div className="mt-10">
            <FeatureGrid />
          </div>
        </div>
      </section>

      <section aria-labelledby="check" className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-16 sm:px-6 lg:grid-cols-2 lg:py-20">
        <div>
          <h2 id="check" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            Ask before you spend
          </h2>
          <p className="mt-3 text-muted-foreground">
            Before an expensive call, your code asks Spendguard whether it fits. The answer comes from the same ledger
            the dashboard shows, so two requests at once cannot together exceed a hard budget.
          </p>
          <ul className="mt-6 grid gap-3">
            {CHECK_POINTS.map((point) => (
              <li key={point} className="flex items-start gap-3 text-sm">
                <Check className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
                {point}
              </li>
            ))}
          </ul>
        </div>
        <CheckApiExample />
      </section>

      <section className="mx-auto max-w-6xl px-4 pb-20 sm:px-6">
        <div className="flex flex-col items-start gap-6 rounded-2xl bg-primary px-6 py-10 text-primary-foreground sm:px-10 md:flex-row md:items-center md:justify-between">
          <div>
            <h2 className="text-2xl font-semibold tracking-tight">Put a ceiling on it today.</h2>
            <p className="mt-2 text-primary-foreground/85">Create an account, send your first usage events, set a budget.</p>
          </div>
          <Button asChild size="lg" variant="secondary">
            <Link href="/signup">
              Create your account <ArrowRight />
            </Link>
          </Button>
        </div>
      </section>
    </>
  );
}
