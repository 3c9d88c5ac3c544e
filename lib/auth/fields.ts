/** zod schemas for the fields the auth forms share, with the messages people see. */
import { z } from "zod";

export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .pipe(z.email("Enter a valid email address."));

/** Any non-empty password: strength is the Auth server's call, and its message is shown as is. */
export const passwordField = z.string({ error: "Enter your password." }).min(1, "Enter your password.");

/** An optional `next` path carried through a form; it is checked with safeNextPath before use. */
export const nextField = z.string().optional();
