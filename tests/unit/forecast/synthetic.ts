/** Seeded synthetic daily-spend series with known structure, for the forecast tests. */
import { createRandom } from "@/lib/core/random.ts";

export const seriesKinds = ["flat", "trend", "weekly", "step", "sparse"] as const;
export type SeriesKind = (typeof seriesKinds)[number];

/** Weekday multipliers of a business workload: busy weekdays, quiet weekends. */
const WEEKDAY_SHAPE = [1.3, 1.25, 1.2, 1.15, 1.1, 0.35, 0.3];

/**
 * `historyDays` days of spend, oldest first, then `futureDays` more from the same process (held out
 * to check forecasts against).
 * - flat: 100 a day ± 10
 * - trend: from 40, rising 1.2 a day, ± 8
 * - weekly: 100 × a weekday shape (weekends ~a third of weekdays), ± 6; the week's phase varies by seed
 * - step: 60 a day, then 140 from three weeks before the end of the history, ± 8
 * - sparse: 85% of days nothing, otherwise a burst of ~200 (log-normal)
 */
export function syntheticSeries(kind: SeriesKind, seed: string, historyDays: number, futureDays = 0): { history: number[]; future: number[] } {
  const random = createRandom(`${kind}:${seed}`);
  const noise = (sd: number) => sd * Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const phase = random.int(0, 6);
  const days = Array.from({ length: historyDays + futureDays }, (_, day) => {
    switch (kind) {
      case "flat":
        return Math.max(0, 100 + noise(10));
      case "trend":
        return Math.max(0, 40 + 1.2 * day + noise(8));
      case "weekly":
        return Math.max(0, 100 * WEEKDAY_SHAPE[(day + phase) % 7] + noise(6));
      case "step":
        return Math.max(0, (day < historyDays - 21 ? 60 : 140) + noise(8));
      case "sparse":
        return random.chance(0.15) ? random.logNormal(200, 0.5) : 0;
    }
  });
  return { history: days.slice(0, historyDays), future: days.slice(historyDays) };
}
