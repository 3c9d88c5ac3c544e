import { rm } from "node:fs/promises";
import path from "node:path";
import { startStack, type Stack } from "../../supabase/local/stack.ts";
import { fakeMakeUrl, integrationPorts, testRunTag } from "../helpers/ports.ts";

let stack: Stack | undefined;

export async function setup() {
  const dataDir = path.resolve(`.local/test/integration-db${testRunTag}`);
  await rm(dataDir, { recursive: true, force: true });
  stack = await startStack({
    dataDir,
    ports: integrationPorts,
    durable: false,
    // run-alert-actions talks to the fake Make API that make-actions.test.ts starts on this port.
    functionEnv: { MAKE_BASE_URL: fakeMakeUrl(integrationPorts) },
    log: (service, message) => { if (process.env.STACK_LOG) console.log(`[${service}] ${message}`); },
  });
}

export async function teardown() {
  await stack?.stop();
}
