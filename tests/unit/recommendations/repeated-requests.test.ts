import { describe, expect, it } from "vitest";
import { repeatedRequests, type RepeatedRequests } from "@/lib/core/recommendations/repeated-requests.ts";

const facts = (over: Partial<RepeatedRequests> = {}): RepeatedRequests => ({
  service: "openai", model: "gpt-4o", fingerprints: 4, repeats: 36, cost: "0.1260", unpriced: 0, ...over,
});

describe("repeated requests", () => {
  it("saves what the calls after the first of each fingerprint cost", () => {
    expect(repeatedRequests([facts()], "USD")).toEqual([{
      kind: "repeated_requests",
      key: "repeated_requests:openai:gpt-4o",
      title: "Cache repeated requests to gpt-4o",
      evidence: [
        "36 successful calls to gpt-4o (openai) in the last 30 days repeated an earlier one with the same fingerprint (4 fingerprints seen more than once).",
        "Those repeats cost $0.13: a cache in front of the model would have answered them.",
        'Estimate: the cost of every call after the first with the same "fingerprint" tag, over the last 30 days.',
      ],
      monthly_saving: "0.126",
      subject: { service: "openai", model: "gpt-4o" },
    }]);
  });

  it("names unpriced repeats and leaves them out; with none priced there is no estimate", () => {
    const [partly] = repeatedRequests([facts({ unpriced: 6 })], "USD");
    expect(partly.monthly_saving).toBe("0.126");
    expect(partly.evidence).toContain("6 of them are unpriced and not in the estimate.");
    expect(repeatedRequests([facts({ fingerprints: 1, unpriced: 1 })], "USD")[0].evidence).toEqual(expect.arrayContaining([
      "36 successful calls to gpt-4o (openai) in the last 30 days repeated an earlier one with the same fingerprint (1 fingerprint seen more than once).",
      "1 of them is unpriced and not in the estimate.",
    ]));
    const [none] = repeatedRequests([facts({ unpriced: 36, cost: "0" })], "USD");
    expect(none.monthly_saving).toBeNull();
    expect(none.evidence[1]).toBe("None of those repeats is priced, so the saving cannot be estimated.");
  });

  it("waits for 10 repeats", () => {
    expect(repeatedRequests([facts({ repeats: 9 })], "USD")).toEqual([]);
    expect(repeatedRequests([facts({ repeats: 10 })], "USD")).toHaveLength(1);
  });
});
