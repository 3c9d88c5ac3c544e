/**
 * The app's email transport: lib/delivery's choice (Resend, the local outbox, or a refusal),
 * made from the app's environment and database pool. The dispatch-notifications edge function
 * makes the same choice from its own environment.
 */
import "server-only";
import { withService as appWithService, type Db } from "@/lib/db";
import type { EmailSettings } from "@/lib/delivery/delivery-settings";
import type { EmailTransport } from "@/lib/delivery/email-message";
import { emailTransport as chooseEmailTransport } from "@/lib/delivery/email-transport";
import { serverEnv } from "@/lib/env";

export type { EmailSettings };

export function emailTransport(
  settings: EmailSettings = serverEnv(),
  withService: Db["withService"] = appWithService,
): EmailTransport {
  return chooseEmailTransport(settings, withService);
}
