import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { addMonths } from "@/lib/core/reports/report-month";
import { shortMonth } from "./report-format";

/** The months either side; none after the month under way. */
export function MonthNav({ orgSlug, month, hasNext }: { orgSlug: string; month: string; hasNext: boolean }) {
  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);
  return (
    <nav aria-label="Report months" className="flex items-center gap-2 print:hidden">
      <Button asChild variant="outline" size="sm">
        <Link href={`/${orgSlug}/reports/${previous}`} data-testid="report-previous-month">
          <ChevronLeft /> {shortMonth(previous)}
        </Link>
      </Button>
      {hasNext ? (
        <Button asChild variant="outline" size="sm">
          <Link href={`/${orgSlug}/reports/${next}`} data-testid="report-next-month">
            {shortMonth(next)} <ChevronRight />
          </Link>
        </Button>
      ) : null}
    </nav>
  );
}
