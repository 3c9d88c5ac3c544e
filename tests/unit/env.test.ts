import { afterEach, describe, expect, it, vi } from "vitest";

const valid = {
  NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:54321",
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_x",
  NEXT_PUBLIC_SITE_URL: "http://127.0.0.1:3000",
  SUPABASE_SECRET_KEY: "sb_secret_x",
  DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
};

async function freshEnvModule(values: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(values)) vi.stubEnv(key, value);
  return import("@/lib/env");
}

afterEach(() => vi.unstubAllEnvs());

describe("env", () => {
  it("parses a complete environment", async () => {
    const { serverEnv, publicEnv } = await freshEnvModule(valid);
    expect(serverEnv().DATABASE_URL).toBe(valid.DATABASE_URL);
    expect(publicEnv().NEXT_PUBLIC_SUPABASE_URL).toBe(valid.NEXT_PUBLIC_SUPABASE_URL);
    expect(serverEnv().SPENDGUARD_LOCAL_STACK).toBeUndefined();
  });

  it("names every missing or malformed variable", async () => {
    const { serverEnv } = await freshEnvModule({ ...valid, DATABASE_URL: "mysql://nope", SUPABASE_SECRET_KEY: undefined });
    expect(() => serverEnv()).toThrowError(/DATABASE_URL: must be a postgres:\/\/ connection string/);
    expect(() => serverEnv()).toThrowError(/SUPABASE_SECRET_KEY: is not set/);
  });

  it("rejects a public URL that is not a URL", async () => {
    const { publicEnv } = await freshEnvModule({ ...valid, NEXT_PUBLIC_SUPABASE_URL: "localhost" });
    expect(() => publicEnv()).toThrowError(/NEXT_PUBLIC_SUPABASE_URL/);
  });
});
