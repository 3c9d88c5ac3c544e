import type { GatewayContext, HttpService } from "../gateway/context.ts";
import { sendJson } from "../gateway/http.ts";

export function createFunctionsService(_ctx: GatewayContext, _dir: string): HttpService {
  return {
    async handle(_req, res) {
      sendJson(res, 501, { message: "functions are not implemented yet" });
    },
    async close() {},
  };
}
