import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function AlertRulesLoading() {
  return <PageSkeleton label="Loading alert rules" cards={["h-64", "h-48"]} />;
}
