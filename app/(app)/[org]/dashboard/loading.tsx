import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function DashboardLoading() {
  return <PageSkeleton label="Loading the dashboard" cards={["h-72", "h-24"]} />;
}
