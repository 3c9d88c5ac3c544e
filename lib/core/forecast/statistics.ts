/** Small numeric helpers the forecast methods share. Plain floats: forecasts are estimates. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The q-quantile of ascending `sorted` values, interpolating between neighbours (Hyndman–Fan type 7, R's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * The non-decreasing sequence closest (weighted least squares) to `values`: pool-adjacent-violators.
 * Error scales by lead are noisy where few origins reach a lead; this keeps them widening with
 * lead without letting one noisy lead inflate every later one (as a running maximum would).
 */
export function isotonicIncreasing(values: readonly number[], weights: readonly number[]): number[] {
  const blocks: { value: number; weight: number; length: number }[] = [];
  values.forEach((value, index) => {
    blocks.push({ value, weight: weights[index], length: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].value > blocks[blocks.length - 1].value) {
      const last = blocks.pop()!;
      const previous = blocks[blocks.length - 1];
      const weight = previous.weight + last.weight;
      previous.value = weight > 0 ? (previous.value * previous.weight + last.value * last.weight) / weight : (previous.value + last.value) / 2;
      previous.weight = weight;
      previous.length += last.length;
    }
  });
  return blocks.flatMap((block) => Array<number>(block.length).fill(block.value));
}
