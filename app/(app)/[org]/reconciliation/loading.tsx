import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ReconciliationLoading() {
  return <PageSkeleton label="Loading reconciliation" cards={["h-24", "h-40", "h-96"]} />;
}
