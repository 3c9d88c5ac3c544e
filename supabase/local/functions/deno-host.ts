/**
 * Runs one edge function under Deno the way Supabase's edge runtime does: the function's own
 * `Deno.serve(handler)` (or `export default { fetch }`) provides the handler, and the host serves
 * it on the port the gateway chose. Started once per function and kept warm.
 * Usage: deno run … deno-host.ts <port> <path to index.ts>
 */
type Handler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

const [portArg, entry] = Deno.args;
let handler: Handler | undefined;

const realServe = Deno.serve.bind(Deno);
const captureServe = (...args: unknown[]) => {
  const candidate = args.find((arg) => typeof arg === "function")
    ?? (args[0] as { handler?: unknown } | undefined)?.handler;
  if (typeof candidate !== "function") throw new Error("Deno.serve was called without a handler");
  handler = candidate as Handler;
  // The function never listens itself; give it a server object that behaves like one.
  return { finished: new Promise<void>(() => {}), shutdown: () => Promise.resolve(), ref() {}, unref() {}, addr: { hostname: "127.0.0.1", port: Number(portArg), transport: "tcp" } };
};
Object.defineProperty(Deno, "serve", { value: captureServe, configurable: true });

const mod = await import(new URL(`file://${entry}`).href) as { default?: { fetch?: Handler } };
if (!handler && typeof mod.default?.fetch === "function") handler = mod.default.fetch.bind(mod.default);
if (!handler) {
  console.error(`${entry} neither calls Deno.serve nor exports default { fetch }`);
  Deno.exit(1);
}

const serve = handler;
realServe({ port: Number(portArg), hostname: "127.0.0.1", onListen: () => console.log("READY") }, (request, info) => serve(request, info));
