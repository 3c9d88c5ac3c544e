import { Skeleton } from "@/components/ui/skeleton";

type PageSkeletonProps = {
  /** What is loading, for screen readers ("Loading prices"). */
  label: string;
  /** Tailwind height classes of the cards below the title, in order. */
  cards: string[];
};

/** A page's loading state: title and description lines, then a placeholder per card. */
export function PageSkeleton({ label, cards }: PageSkeletonProps) {
  return (
    <div className="grid gap-6" aria-busy="true" aria-label={label}>
      <div className="grid gap-2">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-5 w-80 max-w-full" />
      </div>
      {cards.map((height, index) => (
        <Skeleton key={index} className={`${height} w-full rounded-xl`} />
      ))}
    </div>
  );
}
