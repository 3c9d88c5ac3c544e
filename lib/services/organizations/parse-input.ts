/** Validates a verb's input: bad input is an InvalidError with per-field messages, never a crash. */
import { z } from "zod";
import { InvalidError } from "@/lib/services/errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { fieldErrors } = z.flattenError(parsed.error) as { fieldErrors: Record<string, string[]> };
  const first = Object.values(fieldErrors)[0]?.[0];
  throw new InvalidError(first ?? "Check the highlighted fields.", fieldErrors);
}
