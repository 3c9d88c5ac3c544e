/**
 * The pg_net stand-in's worker: performs the HTTP requests SQL queued with net.http_post /
 * net.http_get once their transaction commits (NOTIFY arrives only on commit), and records each
 * outcome in net._http_response, as pg_net does.
 */
import type { GatewayContext } from "../gateway/context.ts";

type Queued = { id: string; method: string; url: string; headers: Record<string, string>; body: Buffer | null; timeout_milliseconds: number };

export type NetWorker = { stop(): Promise<void> };

export async function startNetWorker(ctx: GatewayContext): Promise<NetWorker> {
  const sql = ctx.db("supabase_admin");
  let draining: Promise<void> | null = null;
  let again = false;
  const inflight = new Set<Promise<void>>();

  async function drainOnce() {
    const batch = await sql<Queued[]>`
      delete from net.http_request_queue
      where id in (select id from net.http_request_queue order by id limit 50 for update skip locked)
      returning id::text, method, url, headers, body, timeout_milliseconds`;
    for (const request of batch) {
      const done = perform(request).finally(() => inflight.delete(done));
      inflight.add(done);
    }
    return batch.length;
  }

  function drain() {
    if (draining) {
      again = true;
      return;
    }
    draining = (async () => {
      do {
        again = false;
        while ((await drainOnce()) > 0);
      } while (again);
    })().catch((error: unknown) => ctx.log("net", `drain failed: ${(error as Error).message}`)).finally(() => {
      draining = null;
    });
  }

  async function perform(request: Queued) {
    let row: { status: number | null; type: string | null; headers: Record<string, string> | null; content: string | null; timedOut: boolean; error: string | null };
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        signal: AbortSignal.timeout(request.timeout_milliseconds),
      });
      row = {
        status: response.status,
        type: response.headers.get("content-type"),
        headers: Object.fromEntries(response.headers),
        content: await response.text(),
        timedOut: false,
        error: null,
      };
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      row = { status: null, type: null, headers: null, content: null, timedOut, error: timedOut ? "Timeout was reached" : (error as Error).message };
    }
    await sql`insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg)
              values (${request.id}, ${row.status}, ${row.type}, ${row.headers ? sql.json(row.headers) : null}, ${row.content}, ${row.timedOut}, ${row.error})`
      .catch((error: unknown) => ctx.log("net", `could not record response ${request.id}: ${(error as Error).message}`));
  }

  const listener = await sql.listen("net_request", drain);
  const poll = setInterval(drain, 2000); // belt and braces: a NOTIFY missed during a reconnect
  drain();

  return {
    async stop() {
      clearInterval(poll);
      await listener.unlisten();
      await draining;
      await Promise.allSettled(inflight);
    },
  };
}
