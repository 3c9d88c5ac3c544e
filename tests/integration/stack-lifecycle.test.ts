import { createServer } from "node:net";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { startStack } from "../../supabase/local/stack.ts";
import { scratchPorts, testRunTag } from "../helpers/ports.ts";
import { publishableKey, secretKey, uniqueEmail } from "../helpers/local-stack.ts";

const dataDir = path.resolve(`.local/test/lifecycle-db${testRunTag}`);
const quiet = () => {};

afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("the local stack", () => {
  it("keeps its data across a restart and applies no migration twice", async () => {
    await rm(dataDir, { recursive: true, force: true });
    const email = uniqueEmail("restart");
    const first = await startStack({ dataDir, ports: scratchPorts, durable: false, log: quiet });
    try {
      expect(first.appliedMigrations.length).toBeGreaterThan(0);
      const admin = createClient(first.env.NEXT_PUBLIC_SUPABASE_URL, secretKey, { auth: { persistSession: false } });
      const { error } = await admin.auth.admin.createUser({ email, password: "kept-across-restarts", email_confirm: true });
      expect(error).toBeNull();
    } finally {
      await first.stop();
    }

    const second = await startStack({ dataDir, ports: scratchPorts, durable: false, log: quiet });
    try {
      expect(second.appliedMigrations).toEqual([]);
      const client = createClient(second.env.NEXT_PUBLIC_SUPABASE_URL, publishableKey, { auth: { persistSession: false } });
      const { data, error } = await client.auth.signInWithPassword({ email, password: "kept-across-restarts" });
      expect(error).toBeNull();
      expect(data.user?.email).toBe(email);
    } finally {
      await second.stop();
    }
  });

  it("refuses to start when one of its ports is taken, and says which", async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(scratchPorts.gateway, "127.0.0.1", () => resolve()));
    try {
      await expect(startStack({ dataDir, ports: scratchPorts, durable: false, log: quiet }))
        .rejects.toThrowError(`gateway port ${scratchPorts.gateway} is already in use`);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
