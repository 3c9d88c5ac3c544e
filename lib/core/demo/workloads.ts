/**
 * The demo organization's product team and what it runs on paid APIs: who calls which model for
 * which feature, how often, at what hours, with what token sizes, latencies and failures. Every
 * model here is in the price catalog (supabase/seed-data) except the fine-tune on Fireworks, which
 * is deliberately unknown so the demo shows unpriced usage.
 */
import type { UsageEventInput } from "../usage/ingest-event.ts";
import type { Random } from "../random.ts";

/** One event without its id and timestamp (the generator assigns those). */
export type DemoEventBody = Omit<UsageEventInput, "id" | "timestamp">;

export type Workload = {
  name: string;
  /** Events on an ordinary weekday at the end of the window; growth makes earlier days smaller. */
  perWeekday: number;
  /** Saturday and Sunday volume relative to a weekday. */
  weekend: number;
  /** Relative weight of each local hour 0…23 in the organization's time zone. */
  hours: readonly number[];
  /** Chance that the workload does not run at all on a day: minor services have gaps. */
  quietDayChance?: number;
  /** Runs only in the last N days (something the team started trying recently). */
  sinceDaysAgo?: number;
  /** The runaway day: this many events in these hours instead of the usual. */
  runaway?: { events: number; hours: readonly number[] };
  event(random: Random): DemoEventBody;
};

// Hour-of-day profiles (local time).
const OFFICE = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 4, 4.5, 4.5, 3.5, 4, 4.5, 4.2, 3.8, 3, 2, 1.3, 1, 0.8, 0.5, 0.3];
const CUSTOMERS = [0.8, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.2, 2.8, 3, 3.2, 3.3, 3.2, 3.1, 3, 3, 3.1, 3.4, 3.6, 3.4, 2.8, 2, 1.3];
const NIGHTLY = [0.5, 3, 4, 4, 3, 1.5, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2];
/** The nightly report job stuck in a retry loop from 01:00 until someone stopped it mid-morning. */
const RUNAWAY = [0, 4, 5, 5, 5, 5, 5, 5, 5, 5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

const tokens = (random: Random, median: number, sigma = 0.35, min = 1) => Math.max(min, Math.round(random.logNormal(median, sigma)));
const latency = (random: Random, median: number, sigma = 0.4) => Math.max(20, Math.round(random.logNormal(median, sigma)));
const environment = (random: Random, staging = 0.08) => (random.chance(staging) ? "staging" : "production");
/** Mostly returning customers: low ids come up far more often than high ones. */
const customer = (random: Random) => `cus_${1000 + Math.floor(599 * random.next() ** 2)}`;
const employee = (random: Random) => random.pick(["ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana"]);

/** A failed call: the provider still bills what it processed (the prompt, part of the output). */
function failure(random: Random, rate: number, codes: readonly string[]): { status: "error"; error_code: string } | null {
  return random.chance(rate) ? { status: "error", error_code: random.pick(codes) } : null;
}

/** OpenAI caches prompts in 128-token steps from 1,024 tokens on. */
function openAiCached(random: Random, prompt: number, hitRate: number): number {
  if (prompt < 1024 || !random.chance(hitRate)) return 0;
  return 1024 + 128 * Math.floor(random.next() * ((prompt * 0.8 - 1024) / 128));
}

export const WORKLOADS: readonly Workload[] = [
  {
    // Customer support assistant: Claude with a long cached system prompt and conversation history.
    name: "support-chat",
    perWeekday: 100,
    weekend: 0.55,
    hours: CUSTOMERS,
    event(random) {
      const failed = failure(random, 0.012, ["overloaded_error", "timeout"]);
      const writes = random.chance(0.08) ? tokens(random, 12000, 0.2) : 0;
      return {
        service: "anthropic",
        model: "claude-sonnet-4-5",
        operation: "messages.create",
        usage: {
          input_tokens: tokens(random, 6500, 0.5),
          cache_read_input_tokens: writes > 0 ? 0 : tokens(random, 12000, 0.2),
          cache_creation_input_tokens: writes,
          output_tokens: failed ? tokens(random, 40) : tokens(random, 650, 0.45),
          service_tier: "standard",
        },
        usage_format: "anthropic-messages",
        latency_ms: failed?.error_code === "timeout" ? 60_000 : latency(random, 6200),
        ...failed,
        team: "support",
        project: "support-bot",
        environment: environment(random, 0.05),
        feature: "chat-reply",
        end_user: customer(random),
        tags: { plan: random.weighted([["free", 5], ["pro", 3], ["enterprise", 1]] as const) },
      };
    },
  },
  {
    // Pull-request reviews: the diff and repository context are cached for an hour, so the first
    // review of a change writes the cache (1-hour lifetime) and follow-ups read it.
    name: "code-review",
    perWeekday: 30,
    weekend: 0.1,
    hours: OFFICE,
    event(random) {
      const context = tokens(random, 30000, 0.4);
      const first = random.chance(0.35);
      return {
        service: "anthropic",
        model: "claude-sonnet-4-5",
        operation: "messages.create",
        usage: {
          input_tokens: tokens(random, 2500, 0.5),
          cache_read_input_tokens: first ? 0 : context,
          cache_creation_input_tokens: first ? context : 0,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: first ? context : 0 },
          output_tokens: tokens(random, 1400, 0.4),
        },
        usage_format: "anthropic-messages",
        latency_ms: latency(random, 18000, 0.35),
        ...failure(random, 0.01, ["overloaded_error"]),
        team: "platform",
        project: "developer-tools",
        environment: "production",
        feature: "code-review",
        end_user: employee(random),
      };
    },
  },
  {
    // Incoming tickets classified and routed by the small Claude model.
    name: "ticket-triage",
    perWeekday: 60,
    weekend: 0.4,
    hours: OFFICE,
    event(random) {
      const failed = failure(random, 0.008, ["overloaded_error"]);
      return {
        service: "anthropic",
        model: "claude-haiku-4-5",
        operation: "messages.create",
        quantities: { input_tokens: tokens(random, 1600, 0.4), output_tokens: tokens(random, 70, 0.4) },
        latency_ms: latency(random, 900, 0.35),
        ...failed,
        team: "support",
        project: "helpdesk",
        environment: "production",
        feature: "ticket-triage",
      };
    },
  },
  {
    // Search: the query is rewritten by a cheap model…
    name: "search-rewrite",
    perWeekday: 80,
    weekend: 0.5,
    hours: CUSTOMERS,
    event(random) {
      const input = tokens(random, 1400, 0.3);
      return {
        service: "openai",
        model: "gpt-4o-mini",
        operation: "responses.create",
        usage: {
          input_tokens: input,
          input_tokens_details: { cached_tokens: openAiCached(random, input, 0.6) },
          output_tokens: tokens(random, 60, 0.4),
          output_tokens_details: { reasoning_tokens: 0 },
        },
        usage_format: "openai-responses",
        latency_ms: latency(random, 650, 0.3),
        ...failure(random, 0.004, ["rate_limit_exceeded"]),
        team: "platform",
        project: "search",
        environment: environment(random),
        feature: "query-rewrite",
        end_user: customer(random),
      };
    },
  },
  {
    // …and the answer is written from retrieved documents.
    name: "search-answer",
    perWeekday: 95,
    weekend: 0.5,
    hours: CUSTOMERS,
    event(random) {
      const prompt = tokens(random, 18000, 0.35);
      const completion = tokens(random, 480, 0.35);
      const failed = failure(random, 0.01, ["timeout", "content_filter"]);
      return {
        service: "openai",
        model: "gpt-4o",
        operation: "chat.completions",
        usage: {
          prompt_tokens: prompt,
          completion_tokens: failed ? Math.round(completion / 8) : completion,
          total_tokens: prompt + (failed ? Math.round(completion / 8) : completion),
          prompt_tokens_details: { cached_tokens: openAiCached(random, prompt, 0.35), audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
        },
        usage_format: "openai-chat",
        latency_ms: failed?.error_code === "timeout" ? 30_000 : latency(random, 3400),
        ...failed,
        team: "platform",
        project: "search",
        environment: environment(random),
        feature: "answer-generation",
        end_user: customer(random),
      };
    },
  },
  {
    // New help-center articles are embedded for search.
    name: "embeddings",
    perWeekday: 35,
    weekend: 0.2,
    hours: OFFICE,
    event(random) {
      return {
        service: "openai",
        model: "text-embedding-3-small",
        operation: "embeddings",
        quantities: { input_tokens: tokens(random, 3000, 0.6) },
        latency_ms: latency(random, 180, 0.3),
        team: "platform",
        project: "search",
        environment: "production",
        feature: "indexing",
      };
    },
  },
  {
    // An analyst agent that writes SQL: a reasoning model, so part of the output is reasoning.
    name: "sql-agent",
    perWeekday: 32,
    weekend: 0.15,
    hours: OFFICE,
    event(random) {
      const output = tokens(random, 4500, 0.45);
      const input = tokens(random, 28000, 0.4);
      return {
        service: "openai",
        model: "o4-mini",
        operation: "responses.create",
        usage: {
          input_tokens: input,
          input_tokens_details: { cached_tokens: openAiCached(random, input, 0.5) },
          output_tokens: output,
          output_tokens_details: { reasoning_tokens: Math.round(output * (0.55 + 0.3 * random.next())) },
        },
        usage_format: "openai-responses",
        latency_ms: latency(random, 14000, 0.45),
        ...failure(random, 0.015, ["timeout", "rate_limit_exceeded"]),
        team: "platform",
        project: "data-analyst",
        environment: environment(random, 0.15),
        feature: "sql-agent",
        end_user: employee(random),
      };
    },
  },
  {
    // The nightly KPI report: a few long-context calls every night. On one day it looped.
    name: "nightly-report",
    perWeekday: 22,
    weekend: 1,
    hours: NIGHTLY,
    runaway: { events: 1400, hours: RUNAWAY },
    event(random) {
      return {
        service: "openai",
        model: "gpt-4.1",
        operation: "chat.completions",
        quantities: { input_tokens: tokens(random, 38000, 0.15), output_tokens: tokens(random, 650, 0.3) },
        latency_ms: latency(random, 9000, 0.3),
        ...failure(random, 0.03, ["timeout"]),
        team: "platform",
        project: "data-analyst",
        environment: "production",
        feature: "nightly-report",
      };
    },
  },
  {
    // Campaign copy for lifecycle emails, written in office hours.
    name: "campaign-copy",
    perWeekday: 28,
    weekend: 0.05,
    hours: OFFICE,
    event(random) {
      return {
        service: "openai",
        model: "gpt-4.1",
        operation: "chat.completions",
        quantities: { input_tokens: tokens(random, 8000, 0.4), output_tokens: tokens(random, 1600, 0.35) },
        latency_ms: latency(random, 11000, 0.35),
        ...failure(random, 0.01, ["timeout"]),
        team: "growth",
        project: "lifecycle-emails",
        environment: environment(random, 0.1),
        feature: "campaign-copy",
        end_user: employee(random),
      };
    },
  },
  {
    // Long documents summarized overnight by Gemini (with thinking and cached context).
    name: "doc-summaries",
    perWeekday: 55,
    weekend: 0.9,
    hours: NIGHTLY,
    event(random) {
      const prompt = tokens(random, 40000, 0.5);
      const cached = random.chance(0.4) ? Math.round(prompt * 0.6) : 0;
      const candidates = tokens(random, 650, 0.35);
      const thoughts = tokens(random, 700, 0.6);
      return {
        service: "google",
        model: "gemini-2.5-flash",
        operation: "generateContent",
        usage: {
          promptTokenCount: prompt,
          cachedContentTokenCount: cached,
          candidatesTokenCount: candidates,
          thoughtsTokenCount: thoughts,
          totalTokenCount: prompt + candidates + thoughts,
        },
        usage_format: "gemini",
        latency_ms: latency(random, 4200, 0.4),
        ...failure(random, 0.01, ["RESOURCE_EXHAUSTED"]),
        team: "platform",
        project: "knowledge-base",
        environment: "production",
        feature: "doc-summaries",
      };
    },
  },
  {
    // Sign-in codes and order updates by SMS (one event per message; long texts take 2 segments).
    name: "sms",
    perWeekday: 55,
    weekend: 0.7,
    hours: CUSTOMERS,
    event(random) {
      const otp = random.chance(0.6);
      return {
        service: "twilio",
        model: "sms-outbound-us",
        operation: "messages.create",
        quantities: { messages: otp ? 1 : random.weighted([[1, 6], [2, 3], [3, 1]] as const) },
        latency_ms: latency(random, 240, 0.3),
        ...failure(random, 0.03, ["30003", "30005", "30007"]),
        team: "growth",
        project: "notifications",
        environment: "production",
        feature: otp ? "otp-sms" : "order-updates",
        end_user: customer(random),
      };
    },
  },
  {
    // Transactional email: one event per message.
    name: "email",
    perWeekday: 40,
    weekend: 0.6,
    hours: CUSTOMERS,
    quietDayChance: 0.05,
    event(random) {
      return {
        service: "resend",
        model: "email",
        operation: "emails.send",
        quantities: { emails: 1 },
        latency_ms: latency(random, 160, 0.3),
        ...failure(random, 0.005, ["rate_limit_exceeded"]),
        team: "growth",
        project: "lifecycle-emails",
        environment: "production",
        feature: "transactional-email",
        end_user: customer(random),
      };
    },
  },
  {
    // The weekly digest goes out in batches; on most days there is none.
    name: "digest",
    perWeekday: 6,
    weekend: 0,
    hours: OFFICE,
    quietDayChance: 0.75,
    event(random) {
      return {
        service: "resend",
        model: "email",
        operation: "batch.send",
        quantities: { emails: random.int(80, 100) * 10 },
        latency_ms: latency(random, 900, 0.3),
        team: "growth",
        project: "lifecycle-emails",
        environment: "production",
        feature: "weekly-digest",
      };
    },
  },
  {
    // Competitor price watching: scraper runs billed by the provider, sent with their own cost.
    name: "scraper",
    perWeekday: 5,
    weekend: 0,
    hours: OFFICE,
    quietDayChance: 0.2,
    event(random) {
      const pages = random.int(120, 900);
      return {
        service: "apify",
        model: "website-content-crawler",
        operation: "actor-run",
        quantities: { units: pages },
        // $1.50 per 1,000 pages plus 15–60 cents of compute, in whole cents.
        cost: ((Math.round(pages * 0.15) + random.int(15, 60)) / 100).toFixed(2),
        currency: "USD",
        latency_ms: latency(random, 180_000, 0.5),
        ...failure(random, 0.04, ["ACTOR_TIMED_OUT"]),
        team: "growth",
        project: "competitor-prices",
        environment: "production",
        feature: "price-watch",
      };
    },
  },
  {
    // A fine-tuned model the support team started testing three weeks ago: no catalog price yet.
    name: "tone-experiment",
    perWeekday: 9,
    weekend: 0.2,
    hours: OFFICE,
    sinceDaysAgo: 21,
    event(random) {
      return {
        service: "fireworks",
        model: "accounts/acme/models/support-tone-ft-v2",
        operation: "chat.completions",
        quantities: { input_tokens: tokens(random, 1200, 0.4), output_tokens: tokens(random, 300, 0.4) },
        latency_ms: latency(random, 1100, 0.4),
        team: "support",
        project: "support-bot",
        environment: "staging",
        feature: "tone-rewrite",
        end_user: employee(random),
      };
    },
  },
];
