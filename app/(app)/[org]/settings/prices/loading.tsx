import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function PricesLoading() {
  return <PageSkeleton label="Loading prices" cards={["h-56", "h-64", "h-40"]} />;
}
