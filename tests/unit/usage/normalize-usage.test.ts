import { describe, expect, it } from "vitest";
import { normalizeUsage, type UsageFormat } from "@/lib/core/usage/normalize-usage.ts";
import { totalInputTokens, type NormalizedUsage } from "@/lib/core/usage/quantities.ts";

// Usage objects shaped exactly as the providers document/return them (extra fields included on purpose).
const openAiChat = {
  prompt_tokens: 2006,
  completion_tokens: 300,
  total_tokens: 2306,
  prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 192,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

const openAiChatAudio = {
  prompt_tokens: 1250,
  completion_tokens: 900,
  total_tokens: 2150,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 1000 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 800, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

const openAiResponses = {
  input_tokens: 5000,
  input_tokens_details: { cached_tokens: 4096 },
  output_tokens: 1200,
  output_tokens_details: { reasoning_tokens: 1024 },
  total_tokens: 6200,
};

const anthropic = {
  input_tokens: 50,
  cache_creation_input_tokens: 3000,
  cache_read_input_tokens: 10000,
  cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
  output_tokens: 500,
  server_tool_use: { web_search_requests: 2, web_fetch_requests: 0 },
  service_tier: "standard",
};

const anthropicNoBreakdown = {
  input_tokens: 12,
  cache_creation_input_tokens: 1500,
  cache_read_input_tokens: null,
  output_tokens: 40,
  cache_creation: null,
  server_tool_use: null,
};

const gemini = {
  promptTokenCount: 12000,
  cachedContentTokenCount: 8000,
  candidatesTokenCount: 400,
  thoughtsTokenCount: 1100,
  toolUsePromptTokenCount: 300,
  totalTokenCount: 13800,
  promptTokensDetails: [
    { modality: "TEXT", tokenCount: 11500 },
    { modality: "AUDIO", tokenCount: 500 },
  ],
  cacheTokensDetails: [
    { modality: "TEXT", tokenCount: 7800 },
    { modality: "AUDIO", tokenCount: 200 },
  ],
  candidatesTokensDetails: [{ modality: "TEXT", tokenCount: 400 }],
};

const cases: [string, UsageFormat, unknown, NormalizedUsage][] = [
  [
    "OpenAI chat: prompt_tokens include cached tokens, completion includes reasoning",
    "openai-chat",
    openAiChat,
    { quantities: { input_token: 86, cached_input_token: 1920, output_token: 300, request: 1 }, reasoningTokens: 192 },
  ],
  [
    "OpenAI chat audio: audio tokens split out of prompt and completion",
    "openai-chat",
    openAiChatAudio,
    {
      quantities: { input_token: 250, input_audio_token: 1000, output_token: 100, output_audio_token: 800, request: 1 },
      reasoningTokens: 0,
    },
  ],
  [
    "OpenAI chat, old minimal shape without details",
    "openai-chat",
    { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    { quantities: { input_token: 10, output_token: 5, request: 1 }, reasoningTokens: 0 },
  ],
  [
    "OpenAI Responses: input_tokens include cached tokens",
    "openai-responses",
    openAiResponses,
    { quantities: { input_token: 904, cached_input_token: 4096, output_token: 1200, request: 1 }, reasoningTokens: 1024 },
  ],
  [
    "Anthropic: input_tokens exclude cache reads and writes; writes split 5m/1h",
    "anthropic-messages",
    anthropic,
    {
      quantities: {
        input_token: 50,
        cached_input_token: 10000,
        cache_write_token: 1000,
        cache_write_1h_token: 2000,
        output_token: 500,
        web_search_request: 2,
        request: 1,
      },
    },
  ],
  [
    "Anthropic without cache_creation breakdown: writes are 5-minute writes",
    "anthropic-messages",
    anthropicNoBreakdown,
    { quantities: { input_token: 12, cache_write_token: 1500, output_token: 40, request: 1 } },
  ],
  [
    "Gemini: prompt includes cache, tool-use prompt added, thoughts billed as output, audio split",
    "gemini",
    gemini,
    {
      quantities: {
        input_token: 3700 + 300,
        cached_input_token: 7800,
        input_audio_token: 300,
        cached_input_audio_token: 200,
        output_token: 1500,
        request: 1,
      },
      reasoningTokens: 1100,
    },
  ],
  [
    "Gemini minimal (no cache, no thoughts)",
    "gemini",
    { promptTokenCount: 8, candidatesTokenCount: 20, totalTokenCount: 28 },
    { quantities: { input_token: 8, output_token: 20, request: 1 }, reasoningTokens: 0 },
  ],
];

describe("normalizeUsage", () => {
  it.each(cases)("%s", (_name, format, raw, expected) => {
    expect(normalizeUsage(format, raw)).toEqual({ ok: true, usage: expected });
  });

  it("the same 10,050-token prompt totals the same input under both conventions", () => {
    const openai = normalizeUsage("openai-chat", { prompt_tokens: 10050, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 10000 } });
    const claude = normalizeUsage("anthropic-messages", { input_tokens: 50, cache_read_input_tokens: 10000, output_tokens: 1 });
    if (!openai.ok || !claude.ok) throw new Error("expected ok");
    expect(openai.usage.quantities).toEqual(claude.usage.quantities);
    expect(totalInputTokens(openai.usage.quantities)).toBe(10050);
  });

  it.each<[string, UsageFormat, unknown, RegExp]>([
    ["negative count", "openai-chat", { prompt_tokens: -1, completion_tokens: 0 }, /prompt_tokens/],
    ["string count", "openai-responses", { input_tokens: "10", output_tokens: 0 }, /input_tokens/],
    ["fractional count", "anthropic-messages", { input_tokens: 1.5, output_tokens: 0 }, /input_tokens/],
    ["missing required field", "anthropic-messages", { input_tokens: 1 }, /output_tokens/],
    ["not an object", "gemini", "12", /expected object/i],
    ["cached > prompt", "openai-chat", { prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 11 } }, /cached_tokens \(11\) exceeds prompt_tokens \(10\)/],
    ["reasoning > output", "openai-responses", { input_tokens: 1, output_tokens: 5, output_tokens_details: { reasoning_tokens: 6 } }, /reasoning_tokens/],
    ["cache breakdown ≠ total", "anthropic-messages", { ...anthropic, cache_creation_input_tokens: 2999 }, /does not equal/],
    ["cachedContent > prompt", "gemini", { promptTokenCount: 5, cachedContentTokenCount: 6 }, /cachedContentTokenCount/],
  ])("rejects %s", (_name, format, raw, message) => {
    const result = normalizeUsage(format, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
