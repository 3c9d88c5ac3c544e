import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function BudgetLoading() {
  return <PageSkeleton label="Loading the budget" cards={["h-40", "h-72", "h-48"]} />;
}
