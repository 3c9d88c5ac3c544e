/**
 * The e2e world: a fresh local stack (its own database under .local/test) and the production
 * build of the app served by `next start` against it. Returns the teardown that stops both.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { startStack } from "../../supabase/local/stack.ts";
import { assertPortsFree } from "../../supabase/local/ports.ts";
import { e2ePorts, fakeCostProviderEnv, fakeMakeUrl, testRunTag } from "../helpers/ports.ts";
import { ensureBuilt } from "./app-build.ts";
import { startAppServer } from "./app-server.ts";

const root = path.resolve(import.meta.dirname, "../..");

export default async function globalSetup() {
  const workDir = path.join(root, ".local/test");
  const dataDir = path.join(workDir, `e2e-db${testRunTag}`);
  await assertPortsFree({ app: e2ePorts.app });
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });

  const stack = await startStack({
    dataDir,
    ports: e2ePorts,
    durable: false,
    // The app, run-alert-actions and sync-connectors talk to the fake provider APIs that
    // make-actions.spec.ts and cost-connectors.spec.ts start on these ports.
    functionEnv: { MAKE_BASE_URL: fakeMakeUrl(e2ePorts), ...fakeCostProviderEnv(e2ePorts) },
    log: (service, message) => {
      if (process.env.STACK_LOG) console.log(`[${service}] ${message}`);
    },
  });
  try {
    await ensureBuilt(root, stack.env, path.join(workDir, `e2e-build${testRunTag}.stamp`));
    const app = await startAppServer({ root, port: e2ePorts.app, env: { ...stack.env, MAKE_BASE_URL: fakeMakeUrl(e2ePorts), ...fakeCostProviderEnv(e2ePorts) }, logFile: path.join(workDir, `e2e-app${testRunTag}.log`) });
    return async () => {
      await app.stop();
      await stack.stop();
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
