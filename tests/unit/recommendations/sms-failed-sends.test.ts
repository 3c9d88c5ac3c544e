import { describe, expect, it } from "vitest";
import { smsFailedSends, type SmsSends } from "@/lib/core/recommendations/sms-failed-sends.ts";

const facts = (over: Partial<SmsSends> = {}): SmsSends => ({
  service: "twilio", model: "sms-outbound-us", sends: 400, failed: 20, cost: "0.1660", unpriced: 0, retried: 0,
  errors: [{ code: "30003", count: 12 }, { code: "30005", count: 5 }, { code: null, count: 2 }, { code: "30007", count: 1 }], ...over,
});

describe("failed SMS sends", () => {
  it("saves what the failed sends cost, naming the most frequent error codes", () => {
    expect(smsFailedSends([facts()], "USD")).toEqual([{
      kind: "sms_failed_sends",
      key: "sms_failed_sends:twilio:sms-outbound-us",
      title: "Stop paying for failed SMS through twilio",
      evidence: [
        "20 of 400 SMS sent through twilio (sms-outbound-us) in the last 30 days failed (12 with error 30003, 5 with error 30005, 2 without an error code).",
        "Spendguard priced them at $0.17: money spent on messages nobody received.",
        "Check numbers before sending (format, reachable, not opted out), and stop retrying errors that are permanent.",
        "Estimate: the cost of the failed sends over the last 30 days.",
      ],
      monthly_saving: "0.166",
      subject: { service: "twilio", model: "sms-outbound-us" },
    }]);
  });

  it("says how many failures were retried and which are unpriced", () => {
    const [recommendation] = smsFailedSends([facts({ retried: 7, unpriced: 2 })], "USD");
    expect(recommendation.evidence).toEqual(expect.arrayContaining([
      "2 of them are unpriced and not in the estimate.",
      '7 of the failures were sent again (same "fingerprint" tag): retries of numbers that fail for good cost again.',
    ]));
  });

  it("has no estimate when no failure is priced, and waits for 5 failures", () => {
    expect(smsFailedSends([facts({ unpriced: 20, cost: "0" })], "USD")[0].monthly_saving).toBeNull();
    expect(smsFailedSends([facts({ failed: 4 })], "USD")).toEqual([]);
  });
});
