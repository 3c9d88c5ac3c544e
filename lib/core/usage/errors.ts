/** A usage object that parses but cannot be true (e.g. more cached tokens than prompt tokens). */
export class UsageInconsistencyError extends Error {
  override name = "UsageInconsistencyError";
}

/** `part` must not exceed `whole`; returns whole − part. */
export function remainder(whole: number, part: number, wholeName: string, partName: string): number {
  if (part > whole) throw new UsageInconsistencyError(`${partName} (${part}) exceeds ${wholeName} (${whole})`);
  return whole - part;
}
