/**
 * Liveness and database reachability, for load balancers and the test harness:
 * 200 `{ status: "ok", database: "ok" }`, or 503 with `database: "unreachable"`.
 */
import { withService } from "@/lib/db";

const DB_TIMEOUT_MS = 3_000;
const NO_STORE = { "cache-control": "no-store" };

export async function GET() {
  const checkedAt = new Date().toISOString();
  try {
    await withTimeout(withService((tx) => tx`select 1`), DB_TIMEOUT_MS);
    return Response.json({ status: "ok", database: "ok", checkedAt }, { headers: NO_STORE });
  } catch (error) {
    console.error("[health] database check failed", error);
    return Response.json({ status: "degraded", database: "unreachable", checkedAt }, { status: 503, headers: NO_STORE });
  }
}

// A database that hangs must still get a prompt answer here, or the check itself times out upstream.
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
