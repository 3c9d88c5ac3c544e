/** One entry point: a provider's own usage object, as it returned it, to the normalized quantity set. */
import { z } from "zod";
import type { NormalizedUsage } from "./quantities.ts";
import { UsageInconsistencyError } from "./errors.ts";
import { normalizeOpenAiChatUsage, openAiChatUsageSchema } from "./openai-chat.ts";
import { normalizeOpenAiResponsesUsage, openAiResponsesUsageSchema } from "./openai-responses.ts";
import { anthropicMessagesUsageSchema, normalizeAnthropicMessagesUsage } from "./anthropic-messages.ts";
import { geminiUsageMetadataSchema, normalizeGeminiUsage } from "./gemini.ts";

export const USAGE_FORMATS = ["openai-chat", "openai-responses", "anthropic-messages", "gemini"] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];
export const usageFormatSchema = z.enum(USAGE_FORMATS);

export type NormalizeResult = { ok: true; usage: NormalizedUsage } | { ok: false; error: string };

function run<S extends z.ZodType>(schema: S, normalize: (usage: z.infer<S>) => NormalizedUsage, raw: unknown): NormalizeResult {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  try {
    return { ok: true, usage: normalize(parsed.data) };
  } catch (error) {
    if (error instanceof UsageInconsistencyError) return { ok: false, error: error.message };
    throw error;
  }
}

/** `raw` is the provider's `usage` (Gemini: `usageMetadata`) object. Unknown fields are ignored. */
export function normalizeUsage(format: UsageFormat, raw: unknown): NormalizeResult {
  switch (format) {
    case "openai-chat":
      return run(openAiChatUsageSchema, normalizeOpenAiChatUsage, raw);
    case "openai-responses":
      return run(openAiResponsesUsageSchema, normalizeOpenAiResponsesUsage, raw);
    case "anthropic-messages":
      return run(anthropicMessagesUsageSchema, normalizeAnthropicMessagesUsage, raw);
    case "gemini":
      return run(geminiUsageMetadataSchema, normalizeGeminiUsage, raw);
  }
}
