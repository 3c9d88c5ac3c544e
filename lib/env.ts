/**
 * The app's environment, parsed once with zod. Public values are inlined into the browser
 * bundle by Next (`NEXT_PUBLIC_*`, referenced literally below so Next can replace them);
 * server values must never reach a client component.
 */
import { z } from "zod";
import { deliverySettingsSchema } from "./delivery/delivery-settings.ts";

const publicSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url(),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: z.string().min(1),
  NEXT_PUBLIC_SITE_URL: z.url(),
});

const serverSchema = publicSchema.extend({
  SUPABASE_SECRET_KEY: z.string().min(1),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection string"),
  /** Where email, SMS and webhooks go (Resend, Twilio, local outbox): one schema shared with the edge functions. */
  ...deliverySettingsSchema.shape,
});

export type PublicEnv = z.infer<typeof publicSchema>;
export type ServerEnv = z.infer<typeof serverSchema>;

function explain(error: z.ZodError, source: Record<string, unknown>): string {
  return error.issues.map((issue) => {
    const name = issue.path.join(".");
    return `  ${name}: ${source[name] === undefined ? "is not set" : issue.message}`;
  }).join("\n");
}

export function publicEnv(): PublicEnv {
  const source = {
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    NEXT_PUBLIC_SITE_URL: process.env.NEXT_PUBLIC_SITE_URL,
  };
  const parsed = publicSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid public environment:\n${explain(parsed.error, source)}`);
  return parsed.data;
}

let cachedServerEnv: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (typeof window !== "undefined") throw new Error("serverEnv() was called in the browser");
  if (!cachedServerEnv) {
    const parsed = serverSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid server environment:\n${explain(parsed.error, process.env)}`);
    cachedServerEnv = parsed.data;
  }
  return cachedServerEnv;
}
