import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ChannelsLoading() {
  return <PageSkeleton label="Loading channels" cards={["h-32", "h-64", "h-48"]} />;
}
