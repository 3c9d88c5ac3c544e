import { cn } from "@/lib/utils";

type ProgressProps = {
  /** 0–100 (clamped); null while the total is not known yet (an empty bar, no value announced). */
  percent: number | null;
  /** The bar's accessible name; the words beside it say the numbers. */
  label: string;
  /** Announced instead of the rounded percent (e.g. "112%" for an overspent budget). */
  valueText?: string;
  className?: string;
  /** The filled part's colour (default: the primary colour). */
  barClassName?: string;
};

/** A determinate progress bar: long work (imports, repricing, demo data) and how full a budget is. */
export function Progress({ percent, label, valueText, className, barClassName }: ProgressProps) {
  const width = percent === null ? 0 : Math.min(100, Math.max(0, percent));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(width)}
      aria-valuetext={valueText}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div className={cn("h-full rounded-full bg-primary transition-[width] duration-300", barClassName)} style={{ width: `${width}%` }} />
    </div>
  );
}
