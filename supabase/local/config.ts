/**
 * The local stack's fixed configuration. Keys, JWT secret and the ES256 signing key are the
 * public defaults of `supabase start` (Supabase CLI), so the app cannot tell this stand-in from
 * the CLI's Docker stack. They are development credentials: never use them in production.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const jwtSecret = "super-secret-jwt-token-with-at-least-32-characters-long";
export const publishableKey = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
export const secretKey = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
export const anonJwt =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
export const serviceRoleJwt =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

/** The CLI's built-in user-token signing key (P-256); its public half is served as the JWKS. */
export const signingJwk = {
  kty: "EC",
  kid: "b81269f1-21d8-4f2e-b719-c2240a840d90",
  use: "sig",
  alg: "ES256",
  crv: "P-256",
  x: "M5Sjqn5zwC9Kl1zVfUUGvv9boQjCGd45G8sdopBExB4",
  y: "P6IXMvA2WYXSHSOMTBH2jsw_9rrzGy89FjPf6oOsIxQ",
  d: "dIhR8wywJlqlua4y_yMq2SLhlFXDZJBCvFrY1DCHyVU",
} as const;

export type StackPorts = { gateway: number; db: number; app: number };

export const defaultPorts: StackPorts = { gateway: 54321, db: 54322, app: 3000 };

/** Superuser of the embedded cluster (as on hosted Supabase, `postgres` itself is not one). */
export const dbSuperuser = "supabase_admin";
export const dbPassword = "postgres";

export function dbUrl(port: number, user = "postgres"): string {
  return `postgresql://${user}:${dbPassword}@127.0.0.1:${port}/postgres`;
}

export function gatewayUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}
