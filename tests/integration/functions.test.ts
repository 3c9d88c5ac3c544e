import { FunctionsHttpError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { anonClient, gatewayUrl } from "../helpers/local-stack.ts";

describe("edge functions", () => {
  it("functions.invoke runs supabase/functions/health under Deno and returns its JSON", async () => {
    const { data, error } = await anonClient().functions.invoke<{ status: string; runtime: string; deno: string; echo: string }>("health", {
      body: { echo: "ping" },
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: "ok", runtime: "deno", echo: "ping" });
    expect(data?.deno).toMatch(/^2\./);
  });

  it("stays warm: a second call is answered by the same process", async () => {
    const first = await anonClient().functions.invoke<{ at: string }>("health", { body: {} });
    const second = await anonClient().functions.invoke<{ at: string }>("health", { body: {} });
    expect(first.error).toBeNull();
    expect(second.error).toBeNull();
    expect(Date.parse(second.data!.at)).toBeGreaterThanOrEqual(Date.parse(first.data!.at));
  });

  it("passes the function's own error status through", async () => {
    const { error } = await anonClient().functions.invoke("health", { body: { echo: 42 } });
    expect(error).toBeInstanceOf(FunctionsHttpError);
    const response = (error as FunctionsHttpError).context as Response;
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("answers 404 for a function that does not exist, or a name that is not one", async () => {
    for (const name of ["no-such-function", "..%2F..%2Fpackage.json", "_shared"]) {
      const response = await fetch(`${gatewayUrl}/functions/v1/${name}`, { method: "POST" });
      expect(response.status).toBe(404);
    }
  });
});
