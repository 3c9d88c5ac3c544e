import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ApiKeysLoading() {
  return <PageSkeleton label="Loading API keys" cards={["h-64", "h-40"]} />;
}
