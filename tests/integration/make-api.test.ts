/**
 * The Make API client against a fake Make on loopback, over real HTTP: paging, stop and start, and
 * every way a call can fail, each as the MakeApiError kind callers act on. Needs no database; the
 * integration project's stack merely runs beside it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMakeApi, MakeApiError, makeBaseUrl, type MakeApi } from "@/lib/connectors/make/make-api.ts";
import { makeError, makeErrors, startFakeMake, type FakeMake } from "../helpers/fake-make.ts";

let fake: FakeMake;
let api: MakeApi;
beforeEach(async () => {
  fake = await startFakeMake();
  api = createMakeApi({ token: fake.token, baseUrl: fake.url });
});
afterEach(() => fake.close());

async function failure(promise: Promise<unknown>): Promise<MakeApiError> {
  const error = await promise.then(() => expect.fail("expected the call to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(MakeApiError);
  return error as MakeApiError;
}

const json = (body: unknown) => ({ status: 200, body, headers: { "content-type": "application/json" } });

describe("listing", () => {
  it("walks every page, 100 at a time, with the token, and keeps only the fields it uses", async () => {
    const ids = Array.from({ length: 250 }, (_, index) => fake.addScenario({ name: `Scenario ${index}`, description: `n° ${index}` }));
    fake.scenarios.get(ids[3])!.description = null;
    fake.scenarios.get(ids[4])!.isPaused = true;

    const scenarios = await api.listScenarios(fake.teamId);

    expect(scenarios.map((scenario) => scenario.id)).toEqual(ids);
    expect(scenarios[0]).toEqual({ id: ids[0], name: "Scenario 0", teamId: fake.teamId, description: "n° 0", isActive: true, isPaused: false });
    expect(scenarios[3].description).toBe("");
    expect(scenarios[4].isPaused).toBe(true);
    expect(fake.requests.map((request) => request.query)).toEqual([0, 100, 200].map((offset) => ({
      teamId: String(fake.teamId), "pg[offset]": String(offset), "pg[limit]": "100",
    })));
    expect(fake.requests[0]).toMatchObject({ method: "GET", path: "/api/v2/scenarios" });
    expect(fake.requests[0].headers).toMatchObject({ authorization: `Token ${fake.token}`, accept: "application/json" });
  });

  it("asks once for a team with fewer scenarios than a page, and once more when the last page is exactly full", async () => {
    expect(await api.listScenarios(fake.teamId)).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    for (let index = 0; index < 100; index++) fake.addScenario({ name: `Scenario ${index}` });
    expect(await api.listScenarios(fake.teamId)).toHaveLength(100);
    expect(fake.requests.slice(1).map((request) => request.query["pg[offset]"])).toEqual(["0", "100"]);
  });

  it("fills in what Make may leave out: description and isPaused", async () => {
    fake.answerNext(json({ scenarios: [{ id: 7, name: "Old", teamId: 215, isActive: false }], pg: { offset: 0, limit: 100 } }));
    expect(await api.listScenarios(215)).toEqual([{ id: 7, name: "Old", teamId: 215, description: "", isActive: false, isPaused: false }]);
  });

  it("gives up with a clear error on a server that answers full pages forever", async () => {
    const fullPage = json({ scenarios: Array.from({ length: 100 }, (_, id) => ({ id: id + 1, name: "Loop", teamId: 215, isActive: true })) });
    fake.answerNext(...Array.from({ length: 50 }, () => fullPage));
    const error = await failure(api.listScenarios(215));
    expect(error).toMatchObject({ kind: "malformed", status: null, retryable: false });
    expect(error.message).toMatch(/full pages after 50 pages of 100/);
    expect(fake.requests).toHaveLength(50);
    expect(fake.requests.at(-1)!.query["pg[offset]"]).toBe("4900");
  });
});

describe("stopping and starting", () => {
  it("stops a scenario and starts it again", async () => {
    const id = fake.addScenario({ name: "Newsletter", description: "spendguard: project=newsletter" });

    expect(await api.stopScenario(id)).toEqual({ id, isActive: false });
    expect(fake.scenarios.get(id)!.isActive).toBe(false);
    expect((await api.listScenarios(fake.teamId))[0].isActive).toBe(false);

    expect(await api.startScenario(id)).toEqual({ id, isActive: true });
    expect(fake.scenarios.get(id)!.isActive).toBe(true);
    expect(fake.requests.filter((request) => request.method === "POST").map((request) => request.path)).toEqual([
      `/api/v2/scenarios/${id}/stop`,
      `/api/v2/scenarios/${id}/start`,
    ]);
  });

  it("reports an unknown scenario as not found, with Make's words", async () => {
    const error = await failure(api.stopScenario(4242));
    expect(error).toMatchObject({ kind: "not_found", status: 404, makeCode: "SC404", retryable: false });
    expect(error.message).toContain("Could not stop Make scenario 4242");
    expect(error.message).toContain('Make says: "Not found: Scenario not found." (SC404)');
  });

  it("refuses an answer about another scenario", async () => {
    const id = fake.addScenario({ name: "Newsletter" });
    fake.answerNext(json({ scenario: { id: id + 1, isActive: false } }));
    expect(await failure(api.stopScenario(id))).toMatchObject({ kind: "malformed" });
  });

  it("refuses ids that cannot be a scenario before calling Make", async () => {
    await expect(api.stopScenario(0)).rejects.toThrow(RangeError);
    await expect(api.listScenarios(1.5)).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("failures", () => {
  it("a wrong token is unauthorized, not retryable, and says how to fix it", async () => {
    const wrong = createMakeApi({ token: "not-the-token", baseUrl: fake.url });
    const error = await failure(wrong.listScenarios(fake.teamId));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, makeCode: "SC401", retryable: false, retryAfterSeconds: undefined });
    expect(error.message).toContain("Profile → API");
    expect(error.message).toContain("scenarios:read and scenarios:write");
    expect(fake.requests).toHaveLength(1);
  });

  it("a team the token may not see is forbidden", async () => {
    const error = await failure(api.listScenarios(fake.teamId + 1));
    expect(error).toMatchObject({ kind: "forbidden", status: 403, makeCode: "SC403", retryable: false });
    expect(error.message).toContain('Make says: "Permission denied: Access denied." (SC403)');
  });

  it("a rate limit is retryable after Make's Retry-After", async () => {
    fake.answerNext(makeErrors.rateLimited(7));
    const error = await failure(api.stopScenario(fake.addScenario({ name: "Newsletter" })));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryable: true, retryAfterSeconds: 7 });
    expect(error.message).toContain("try again in 7 s");
  });

  it("Make's own failures are retryable, a proxy's HTML page included", async () => {
    fake.answerNext(makeErrors.internal(), { status: 502, body: "<html><body>Bad Gateway</body></html>" });
    expect(await failure(api.listScenarios(fake.teamId))).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    const proxied = await failure(api.listScenarios(fake.teamId));
    expect(proxied).toMatchObject({ kind: "unavailable", status: 502, retryable: true, makeCode: undefined });
    expect(proxied.message).not.toContain("Make says");
  });

  it("any other refusal is rejected and not retryable", async () => {
    fake.answerNext(makeError(400, "IM005", "Invalid scenario", "The scenario cannot be activated."));
    const error = await failure(api.startScenario(fake.addScenario({ name: "Broken", isActive: false })));
    expect(error).toMatchObject({ kind: "rejected", status: 400, makeCode: "IM005", retryable: false });
    expect(error.message).toContain("The scenario cannot be activated.");
  });

  it("an answer that is not JSON, or not the documented shape, is malformed", async () => {
    fake.answerNext(
      { status: 200, body: "{\"scenarios\": [", headers: { "content-type": "application/json" } },
      json({ scenarios: [{ id: "925", name: "Newsletter", teamId: 215, isActive: true }] }),
      json({ items: [] }),
    );
    const notJson = await failure(api.listScenarios(fake.teamId));
    expect(notJson).toMatchObject({ kind: "malformed", status: null, retryable: false });
    expect(notJson.message).toContain("not JSON");
    expect((await failure(api.listScenarios(fake.teamId))).message).toContain("scenarios.0.id");
    expect((await failure(api.listScenarios(fake.teamId))).message).toContain("(scenarios: ");
  });

  it("a closed port is a retryable network error", async () => {
    const closed = await startFakeMake();
    await closed.close();
    const error = await failure(createMakeApi({ token: closed.token, baseUrl: closed.url }).listScenarios(closed.teamId));
    expect(error).toMatchObject({ kind: "network", status: null, retryable: true });
    expect(error.message).toMatch(/could not be reached \(.*ECONNREFUSED/);
  });

  it("a server that never answers times out as a network error", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const slow = createMakeApi({ token: "t", baseUrl: `http://127.0.0.1:${port}/api/v2`, timeoutMs: 200 });
      const error = await failure(slow.stopScenario(1));
      expect(error).toMatchObject({ kind: "network", retryable: true });
      expect(error.message).toContain("did not answer within 0.2 s");
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

it("knows each zone's base URL", () => {
  expect(makeBaseUrl("eu2")).toBe("https://eu2.make.com/api/v2");
});
