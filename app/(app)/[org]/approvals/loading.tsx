import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ApprovalsLoading() {
  return <PageSkeleton label="Loading approvals" cards={["h-64", "h-40"]} />;
}
