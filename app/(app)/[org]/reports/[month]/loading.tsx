import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function MonthlyReportLoading() {
  return <PageSkeleton label="Loading the report" cards={["h-36", "h-64", "h-72", "h-48"]} />;
}
