import { describe, expect, it } from "vitest";
import { describeActionRun, type ActionRunFacts } from "../../../lib/core/alerts/describe-action-run.ts";

const stopped = { stopped: [{ id: 925, name: "Newsletter sender" }, { id: 926, name: "Newsletter images" }], started: [] };
const make = (status: ActionRunFacts["status"], extra: Partial<ActionRunFacts> = {}): ActionRunFacts => ({
  kind: "stop_make_scenarios", status, target: { connector_id: "c", budget_id: "b" }, target_label: "Make (marketing)", did: null, note: null, ...extra,
});

describe("describeActionRun", () => {
  it.each([
    [make("awaiting_approval"), "Waiting for an admin's approval to stop the Make scenarios tagged to this budget, through “Make (marketing)”."],
    [make("queued"), "Stopping the tagged Make scenarios through “Make (marketing)”…"],
    [make("queued", { did: { stopped: stopped.stopped.slice(0, 1), started: [] }, note: "Make is busy. Trying again." }),
      "Stopping the tagged Make scenarios through “Make (marketing)”: 1 Make scenario stopped so far. Make is busy. Trying again."],
    [make("done", { did: stopped }), "Stopped 2 Make scenarios through “Make (marketing)”: “Newsletter sender”, “Newsletter images”."],
    [make("done", { did: stopped, target_label: null }), "Stopped 2 Make scenarios through a removed connector: “Newsletter sender”, “Newsletter images”."],
    [make("failed", { did: { stopped: [], started: [] }, note: "Make refused the API token." }), "Could not stop the tagged Make scenarios through “Make (marketing)”. Make refused the API token."],
    [make("skipped", { note: "No active scenario of the Make team is tagged to the budget's scope." }), "Nothing done: No active scenario of the Make team is tagged to the budget's scope."],
    [make("undoing", { did: stopped }), "Starting “Newsletter sender”, “Newsletter images” again…"],
    [make("undone", { did: { ...stopped, started: [925, 926] } }), "Undone: started “Newsletter sender”, “Newsletter images” again."],
    [make("declined"), "Declined: did not stop the tagged Make scenarios."],
  ])("says what a Make run did: %#", (run, sentence) => {
    expect(describeActionRun(run)).toBe(sentence);
  });

  it("says what a webhook run did", () => {
    const delivery = { webhook_id: "run-1", status: 200, sent_at: "2026-11-23T05:00:00.000Z" };
    const hook: ActionRunFacts = { kind: "call_webhook", status: "done", target: { channel_id: "c", budget_id: null }, target_label: "Agent controller", did: { requested: delivery }, note: null };
    expect(describeActionRun(hook)).toBe("Called webhook “Agent controller”: action.requested answered HTTP 200.");
    expect(describeActionRun({ ...hook, status: "undone", did: { requested: delivery, undone: { ...delivery, status: 204 } } }))
      .toBe("Undone: webhook “Agent controller” got action.undone (HTTP 204).");
    expect(describeActionRun({ ...hook, status: "failed", did: null, note: "The endpoint answered 410 Gone." }))
      .toBe("Could not call webhook “Agent controller”. The endpoint answered 410 Gone.");
    expect(describeActionRun({ ...hook, status: "awaiting_approval", did: null, target_label: null })).toBe("Waiting for an admin's approval to call webhook (channel removed).");
  });

  it("keeps the in-database kinds' wording", () => {
    const hard: ActionRunFacts = { kind: "enforce_hard", status: "done", target: { budget_id: "b" }, target_label: "Agents", did: { enforcement_before: "soft" }, note: null };
    expect(describeActionRun(hard)).toBe("Switched budget “Agents” from soft to hard enforcement.");
    expect(describeActionRun({ ...hard, status: "undone" })).toBe("Undone: budget “Agents” is back on soft enforcement.");
    const key: ActionRunFacts = { kind: "suspend_key_scope", status: "done", target: { api_key_id: "k", scope: "check" }, target_label: "Agent (sg_ab…)", did: { scope_removed: "check" }, note: null };
    expect(describeActionRun(key)).toBe("Took the check scope from API key Agent (sg_ab…).");
  });
});
