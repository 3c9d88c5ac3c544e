import { rm } from "node:fs/promises";
import path from "node:path";
import { startStack, type Stack } from "../../supabase/local/stack.ts";
import { fakeCostProviderEnv, fakeMakeUrl, integrationPorts, testRunTag } from "../helpers/ports.ts";

let stack: Stack | undefined;

export async function setup() {
  const dataDir = path.resolve(`.local/test/integration-db${testRunTag}`);
  await rm(dataDir, { recursive: true, force: true });
  stack = await startStack({
    dataDir,
    ports: integrationPorts,
    durable: false,
    // run-alert-actions and sync-connectors talk to the fake provider APIs that make-actions.test.ts
    // and connector-sync.test.ts start on these ports.
    functionEnv: { MAKE_BASE_URL: fakeMakeUrl(integrationPorts), ...fakeCostProviderEnv(integrationPorts) },
    log: (service, message) => { if (process.env.STACK_LOG) console.log(`[${service}] ${message}`); },
  });
}

export async function teardown() {
  await stack?.stop();
}
