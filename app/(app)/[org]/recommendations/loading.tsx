import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function RecommendationsLoading() {
  return <PageSkeleton label="Loading recommendations" cards={["h-96", "h-40"]} />;
}
