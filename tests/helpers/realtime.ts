/**
 * Helpers for the Realtime integration suites: users signed up through the Auth service, supabase-js
 * clients signed in as them (the app's own path: the session's access token rides on every join),
 * minted tokens for what a session cannot give on demand (expired or seconds-long tokens), and a
 * bare WebSocket client for protocol-level checks.
 */
import { randomUUID } from "node:crypto";
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { signAccessToken } from "../../supabase/local/gateway/jwt.ts";
import { gatewayUrl, publishableKey, uniqueEmail } from "./local-stack.ts";

export type TestUser = { id: string; email: string; password: string };

type RealtimeOptions = NonNullable<Parameters<typeof createClient>[2]>["realtime"];

const serverAuth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

export async function signUpUser(label = "rt"): Promise<TestUser> {
  const client = createClient(gatewayUrl, publishableKey, { auth: serverAuth });
  const email = uniqueEmail(label);
  const password = `pw-${randomUUID()}`;
  const { data, error } = await client.auth.signUp({ email, password });
  if (error || !data.user) throw new Error(`sign-up of ${email} failed: ${error?.message ?? "no user returned"}`);
  return { id: data.user.id, email, password };
}

/** A client signed in with the user's password; supabase-js hands its session token to Realtime. */
export async function signedInClient(user: TestUser, realtime: RealtimeOptions = {}): Promise<SupabaseClient> {
  const client = createClient(gatewayUrl, publishableKey, { auth: serverAuth, realtime });
  const { error } = await client.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error) throw new Error(`sign-in of ${user.email} failed: ${error.message}`);
  return client;
}

/**
 * An access token with the claim set GoTrue issues, signed with the stack's key: for tokens a
 * session cannot produce on demand. `expiresIn` may be negative for an expired one.
 */
export function accessTokenFor(user: Pick<TestUser, "id" | "email">, expiresIn = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signAccessToken({
    iss: `${gatewayUrl}/auth/v1`,
    sub: user.id,
    aud: "authenticated",
    role: "authenticated",
    email: user.email,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    aal: "aal1",
    amr: [{ method: "password", timestamp: now }],
    session_id: randomUUID(),
    is_anonymous: false,
    iat: now,
    exp: now + expiresIn,
  });
}

/**
 * A supabase-js client whose requests and Realtime joins carry `token()`: the documented
 * `accessToken` option, so realtime-js takes the token from it on connect and every heartbeat,
 * and `client.realtime.setAuth()` re-reads it on demand.
 *
 * The token is loaded before the client is handed out: realtime-js fixes a join's payload when
 * `subscribe()` is called, so a channel subscribed in the same tick as `createClient` would join
 * with no access_token at all (the socket's key, i.e. anon).
 */
export async function clientAs(token: () => string, realtime: RealtimeOptions = {}): Promise<SupabaseClient> {
  const client = createClient(gatewayUrl, publishableKey, {
    accessToken: async () => token(),
    realtime,
  });
  await client.realtime.setAuth();
  return client;
}

/** A signed-out client (the publishable key only), as a visitor's browser has. */
export function anonRealtimeClient(realtime: RealtimeOptions = {}): SupabaseClient {
  return createClient(gatewayUrl, publishableKey, {
    auth: serverAuth,
    realtime,
  });
}

export type SubscribeResult = { status: string; error?: Error };

/** Subscribes and resolves with the first status realtime-js reports. */
export function subscribe(channel: RealtimeChannel, timeoutMs = 10_000): Promise<SubscribeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => finish({ status: "TEST_TIMEOUT" }), timeoutMs);
    function finish(result: SubscribeResult) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    }
    channel.subscribe((status, error) => finish({ status, error }), timeoutMs);
  });
}

/** Collects values and waits for one that matches. */
export function collector<T>() {
  const items: T[] = [];
  const waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const waiter of [...waiters]) {
        if (waiter.match(item)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(item);
        }
      }
    },
    waitFor(match: (item: T) => boolean, timeoutMs = 5000, what = "message"): Promise<T> {
      const found = items.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (item: T) => {
            clearTimeout(timer);
            resolve(item);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(items).slice(0, 2000)}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
  };
}

export type BroadcastEvent = { type: string; event: string; payload: Record<string, unknown>; meta?: { id: string } };

/** Subscribes `channel` to every broadcast event and returns the collector. */
export function listenAll(channel: RealtimeChannel) {
  const received = collector<BroadcastEvent>();
  channel.on("broadcast", { event: "*" }, (message) => received.push(message as BroadcastEvent));
  return received;
}

export type RawFrame = { text?: unknown[]; binary?: Buffer };

/** A bare vsn 2.0.0 socket: for what supabase-js never sends (malformed frames) or hides (HTTP status). */
export async function rawSocket(query: Record<string, string>): Promise<{ ws: WebSocket; frames: ReturnType<typeof collector<RawFrame>>; send(frame: unknown[]): void }> {
  const url = new URL(`${gatewayUrl.replace("http", "ws")}/realtime/v1/websocket`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const ws = new WebSocket(url);
  const frames = collector<RawFrame>();
  ws.on("message", (data, isBinary) => {
    const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) frames.push({ binary: buffer });
    else frames.push({ text: JSON.parse(buffer.toString("utf8")) as unknown[] });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, frames, send: (frame) => ws.send(JSON.stringify(frame)) };
}

/** The HTTP status and body a refused WebSocket handshake gets. */
export function refusedHandshake(query: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(`${gatewayUrl.replace("http", "ws")}/realtime/v1/websocket`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => {
      ws.close();
      reject(new Error("the handshake was accepted"));
    });
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once("error", () => {});
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
