import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function BudgetsLoading() {
  return <PageSkeleton label="Loading budgets" cards={["h-28", "h-28", "h-28"]} />;
}
