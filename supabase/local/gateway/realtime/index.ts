import type { GatewayContext, UpgradeService } from "../context.ts";
import { sendJson } from "../http.ts";

export function createRealtimeService(_ctx: GatewayContext): UpgradeService {
  return {
    async handle(_req, res) {
      sendJson(res, 501, { message: "realtime is not implemented yet" });
    },
    handleUpgrade(_req, socket) {
      socket.destroy();
    },
    async close() {},
  };
}
