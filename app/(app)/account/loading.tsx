import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function AccountLoading() {
  return <PageSkeleton label="Loading your account" cards={["h-72", "h-36"]} />;
}
