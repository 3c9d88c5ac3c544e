import type { GatewayContext, HttpService } from "../context.ts";
import { sendJson } from "../http.ts";

export function createAuthService(_ctx: GatewayContext): HttpService {
  return {
    async handle(_req, res) {
      sendJson(res, 501, { code: "not_implemented", message: "auth is not implemented yet" });
    },
    async close() {},
  };
}
