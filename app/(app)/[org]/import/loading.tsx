import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ImportLoading() {
  return <PageSkeleton label="Loading the import page" cards={["h-72", "h-40"]} />;
}
