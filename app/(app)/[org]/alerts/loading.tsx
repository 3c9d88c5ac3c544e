import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function AlertsLoading() {
  return <PageSkeleton label="Loading alerts" cards={["h-12", "h-96"]} />;
}
