import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ConnectorsLoading() {
  return <PageSkeleton label="Loading connectors" cards={["h-64", "h-48"]} />;
}
